using System.CommandLine;
using Hourglass.Configuration;
using Hourglass.Hosting;
using Hourglass.Ledger;
using Hourglass.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;

namespace Hourglass.Cli;

/// <summary>What a command needs: the validated config, and the engine's parts from the same registrations an embedding app uses.</summary>
internal sealed class CommandContext : IDisposable
{
    private readonly ServiceProvider _services;

    private CommandContext(HourglassOptions options, bool interactive)
    {
        Options = options;
        Interactive = interactive;
        var services = new ServiceCollection();
        // Logs go to standard error so `--json` output on standard output stays clean. With a live progress view on
        // the terminal only warnings and errors are logged; the view shows the rest.
        services.AddLogging(logging => logging
            .SetMinimumLevel(interactive ? LogLevel.Warning : LogLevel.Information)
            .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace)
            .AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "yyyy-MM-ddTHH:mm:ssZ ";
                console.UseUtcTimestamp = true;
                console.ColorBehavior = interactive ? LoggerColorBehavior.Enabled : LoggerColorBehavior.Disabled;
            })
            .AddFilter("Npgsql", LogLevel.Warning));
        services.AddHourglassCore(options);
        _services = services.BuildServiceProvider();
    }

    public HourglassOptions Options { get; }

    /// <summary>True when standard output is a terminal a live view can draw on.</summary>
    public bool Interactive { get; }

    /// <summary>The tiers in force.</summary>
    public TierList Tiers => Get<TierList>();

    /// <summary>Where sets live.</summary>
    public ISetStore Store => Get<ISetStore>();

    /// <summary>One of the engine's parts, wired as an embedding app gets it.</summary>
    public T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>The job ledger, migrated and ready; a clear error when it cannot be reached.</summary>
    public async Task<IJobLedger> LedgerAsync(CancellationToken cancellationToken)
    {
        var ledger = Get<IJobLedger>();
        try
        {
            await ledger.MigrateAsync(cancellationToken);
            return ledger;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw Errors.LedgerUnreachable(JobLedgerFactory.Describe(ledger), e.Message);
        }
    }

    /// <summary>Loads the config named by <c>--config</c> (or hourglass.json) for this invocation.</summary>
    public static CommandContext Load(ParseResult parse)
    {
        var options = ConfigLoader.Load(parse.GetValue(GlobalOptions.Config), Environment.CurrentDirectory);
        var interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;
        if (Console.IsOutputRedirected)
        {
            // Piped into a file or another program there is no screen to fit: don't wrap tables at 80 columns.
            AnsiConsole.Profile.Width = 200;
        }

        return new CommandContext(options, interactive);
    }

    public void Dispose() => _services.Dispose();
}
