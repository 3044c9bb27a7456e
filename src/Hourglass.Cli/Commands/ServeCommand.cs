using System.CommandLine;
using Hourglass.Hosting;
using Hourglass.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Hourglass.Cli.Commands;

/// <summary><c>hourglass serve [--log-format text|json]</c>: the daemon, the same engine an app embeds with AddHourglass.</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var format = new Option<string>("--log-format")
        {
            Description = "text (default) or json, one object per line for log shippers.",
            DefaultValueFactory = _ => "text",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("serve", "Run the schedule and workers until stopped (SIGINT or SIGTERM).") { format };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = CommandContext.Load(parse);
            await context.LedgerAsync(cancellationToken); // a clear one-line error before anything starts
            Hourglass.Alerts.AlertChannels.EnsureSecretsReadable(context.Options.Alerts); // so is a missing alert secret

            var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning).AddFilter("Microsoft.AspNetCore", LogLevel.Warning).AddFilter("Npgsql", LogLevel.Warning).SetMinimumLevel(LogLevel.Information);
            if (parse.GetValue(format) == "json")
            {
                builder.Logging.AddJsonConsole(json =>
                {
                    json.UseUtcTimestamp = true;
                    json.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                });
            }
            else
            {
                builder.Logging.AddSimpleConsole(console =>
                {
                    console.SingleLine = true;
                    console.UseUtcTimestamp = true;
                    console.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
                    console.ColorBehavior = LoggerColorBehavior.Disabled;
                });
            }

            builder.Services.AddHourglass(context.Options);
            if (context.Options.Web is { } web)
            {
                builder.Services.AddHourglassWeb(web);
            }

            builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(8));
            using var host = builder.Build();
            // The daemon is a background service: when it fails (an unreachable ledger at start, say), serve exits with its error.
            var services = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
            await host.RunAsync(cancellationToken);
            if (services.Select(s => s.ExecuteTask).FirstOrDefault(t => t is { IsFaulted: true }) is { } failed)
            {
                throw failed.Exception!.InnerException is HourglassException known ? known : failed.Exception.InnerException!;
            }

            return (int)ExitCode.Success;
        });
        return command;
    }
}
