using System.CommandLine;
using Hourglass.Backups;
using Hourglass.Configuration;
using Hourglass.Ledger;
using Hourglass.Restores;
using Hourglass.Retention;
using Hourglass.Scheduling;
using Hourglass.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Spectre.Console;

namespace Hourglass.Cli;

/// <summary>What a command needs: the validated config, a logger, and the engine's parts wired together.</summary>
internal sealed class CommandContext : IDisposable
{
    private readonly ILoggerFactory _loggers;

    private CommandContext(HourglassOptions options, bool interactive)
    {
        Options = options;
        Interactive = interactive;
        // Logs go to standard error so `--json` output on standard output stays clean. With a live progress view on
        // the terminal only warnings and errors are logged; the view shows the rest.
        _loggers = LoggerFactory.Create(logging => logging
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
        Store = new BackupStore(options.BackupRoot, TimeProvider.System);
        Tiers = CronTier.From(options);
        Pruner = new Pruner(Store, Tiers, _loggers.CreateLogger<Pruner>());
    }

    public HourglassOptions Options { get; }

    /// <summary>True when standard output is a terminal a live view can draw on.</summary>
    public bool Interactive { get; }

    public BackupStore Store { get; }

    public IReadOnlyList<CronTier> Tiers { get; }

    public Pruner Pruner { get; }

    /// <summary>The job ledger, migrated and ready; a clear error when it cannot be reached.</summary>
    public async Task<IJobLedger> LedgerAsync(CancellationToken cancellationToken)
    {
        var ledger = JobLedgerFactory.Create(Options);
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

    public BackupRunner Backups() => new(Options, Store, Pruner, TimeProvider.System, _loggers.CreateLogger<BackupRunner>());

    public Verification.SetVerifier Verifier() => new(Options, Store, TimeProvider.System, _loggers.CreateLogger<Verification.SetVerifier>());

    public RestoreRunner Restores() => new(Options, Store, _loggers.CreateLogger<RestoreRunner>());

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

    /// <summary>Checks a <c>--tier</c> value against the config before any work.</summary>
    public void EnsureTier(string? tier)
    {
        if (tier is not null && Tiers.All(t => t.Name != tier))
        {
            throw Errors.UnknownTier(tier, Tiers.Select(t => t.Name));
        }
    }

    public void Dispose() => _loggers.Dispose();
}
