using System.CommandLine;
using Hourglass.Health;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass doctor</c>: every check, OK or FAIL with the fix; exit 1 if any fails.</summary>
internal static class DoctorCommand
{
    public static Command Create()
    {
        var command = new Command("doctor", "Check everything backups need, and say how to fix what is wrong.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            var results = await context.Get<Doctor>().CheckAsync(cancellationToken);
            foreach (var result in results)
            {
                Console.WriteLine($"{(result.Ok ? "OK  " : "FAIL")}  {result.Name}: {result.Detail}");
            }

            var failed = results.Count(r => !r.Ok);
            Console.WriteLine(failed == 0 ? "All checks passed." : $"{failed} of {results.Count} checks failed.");
            return (int)(failed == 0 ? ExitCode.Success : ExitCode.Failed);
        });
        return command;
    }
}
