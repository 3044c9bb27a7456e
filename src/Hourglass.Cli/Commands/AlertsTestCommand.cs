using System.CommandLine;
using Hourglass.Alerts;

namespace Hourglass.Cli.Commands;

/// <summary>
/// <c>hourglass alerts test</c>: a test message to every configured channel and a ping of the dead man's switch, now;
/// one line per channel; exit 1 when one failed, 2 when none is configured.
/// </summary>
internal static class AlertsTestCommand
{
    public static Command Create()
    {
        var command = new Command("test", "Send a test message to every configured channel (and ping the dead man's switch) now.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            using var channels = AlertChannels.Create(context.Options.Alerts, TimeProvider.System);
            if (!channels.Any)
            {
                throw Errors.NoAlertChannels();
            }

            var results = await AlertTester.SendAsync(channels, TimeProvider.System, cancellationToken);
            foreach (var (channel, error) in results)
            {
                Console.WriteLine(error is null ? $"{channel}: sent" : $"{channel}: FAILED: {error}");
            }

            return (int)(results.Any(r => r.Error is not null) ? ExitCode.Failed : ExitCode.Success);
        });
        return command;
    }
}
