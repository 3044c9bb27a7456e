using System.Reflection;
using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Ledger;
using Prometheus;

namespace Hourglass.Web.Metrics;

/// <summary>
/// Hourglass's Prometheus metrics (README "Metrics"), in a registry of their own so an app that embeds the engine
/// keeps its own default registry to itself. Values come from events (<see cref="Observe"/>) and from the engine's
/// state (<see cref="Apply"/>); each "last" value belongs to a set and moves only to a newer set, so the two may
/// arrive in any order. Labels are only configured databases, tiers and targets (never a set or a job), and every
/// counter exists at 0 for each of them before its first increment, so a failure series is there to alert on
/// before the first failure.
/// </summary>
internal sealed class HourglassMetrics
{
    private static readonly string[] Results = ["ok", "failed"];

    private readonly Lock _gate = new();
    private readonly HashSet<string> _databases;
    private readonly HashSet<string> _tiers;
    private readonly HashSet<string> _targets;
    private readonly Dictionary<(string Database, string Tier), BackupFact> _backups = [];
    private readonly Dictionary<string, VerificationFact> _verifications = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _verifiedOk = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RestoreFact> _restores = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Database, string Target), DateTimeOffset> _copies = [];

    private readonly Gauge _backupLastSuccess;
    private readonly Gauge _backupLastSize;
    private readonly Gauge _backupLastDuration;
    private readonly Histogram _backupDuration;
    private readonly Counter _backupRuns;
    private readonly Gauge _backupAge;
    private readonly Gauge _verifyLastSuccess;
    private readonly Gauge _verifyLastResult;
    private readonly Counter _verifyRuns;
    private readonly Gauge _restoreDuration;
    private readonly Gauge _copyLastSuccess;
    private readonly Counter _copyRuns;
    private readonly Counter _missedSlots;
    private readonly Gauge _jobs;
    private readonly Gauge _freeBytes;
    private readonly Gauge _alertsOpen;
    private readonly Gauge _ledgerUp;

    public HourglassMetrics(HourglassOptions options, TierList tiers, TargetList targets)
    {
        _databases = [.. options.Databases];
        _tiers = [.. tiers.Select(t => t.Name)];
        _targets = [.. targets.Select(t => t.Name)];
        var factory = Prometheus.Metrics.WithCustomRegistry(Registry);

        _backupLastSuccess = factory.CreateGauge("hourglass_backup_last_success_timestamp_seconds", "Start time (Unix seconds) of the newest set holding a good dump of the database in the tier.", "database", "tier");
        _backupLastSize = factory.CreateGauge("hourglass_backup_last_size_bytes", "Size as stored of the database's dump in that newest good set.", "database", "tier");
        _backupLastDuration = factory.CreateGauge("hourglass_backup_last_duration_seconds", "How long pg_dump took for the database's dump in that newest good set.", "database", "tier");
        _backupDuration = factory.CreateHistogram("hourglass_backup_duration_seconds", "How long each good dump took, since this node started.", new HistogramConfiguration
        {
            LabelNames = ["database", "tier"],
            Buckets = Histogram.ExponentialBuckets(0.25, 2, 17), // 0.25 s to about 4.5 h
        });
        _backupRuns = factory.CreateCounter("hourglass_backup_runs_total", "Dumps this node took, by result (ok, failed).", "database", "tier", "result");
        _backupAge = factory.CreateGauge("hourglass_backup_age_seconds", "Age of the database's newest good backup in any tier (the recovery point), at scrape time; absent while there is none.", "database");
        _verifyLastSuccess = factory.CreateGauge("hourglass_verify_last_success_timestamp_seconds", "Time (Unix seconds) of the last verification of a set holding the database that passed.", "database");
        _verifyLastResult = factory.CreateGauge("hourglass_verify_last_result", "The database's last verification: 1 passed, 0 failed; absent while never verified.", "database");
        _verifyRuns = factory.CreateCounter("hourglass_verify_runs_total", "Verifications this node ran of sets holding the database, by result (ok, failed).", "database", "result");
        _restoreDuration = factory.CreateGauge("hourglass_restore_duration_seconds", "How long the last passed test restore of the database took (the recovery time, RTO).", "database");
        _copyLastSuccess = factory.CreateGauge("hourglass_copy_last_success_timestamp_seconds", "Start time (Unix seconds) of the newest set whose good dump of the database is copied to the target.", "database", "target");
        _copyRuns = factory.CreateCounter("hourglass_copy_runs_total", "Copies of sets to the target this node made, by result (ok, failed).", "target", "result");
        _missedSlots = factory.CreateCounter("hourglass_schedule_missed_slots_total", "Slots of the tier's schedule that were missed while no node was up and did not run.", "tier");
        _jobs = factory.CreateGauge("hourglass_jobs", "Jobs in the ledger by state, at scrape time.", "state");
        _freeBytes = factory.CreateGauge("hourglass_storage_free_bytes", "Free bytes where the backup root is, at scrape time.", new GaugeConfiguration { SuppressInitialValue = true });
        _alertsOpen = factory.CreateGauge("hourglass_alerts_open", "Alerts open (not resolved) in the ledger, at scrape time.", new GaugeConfiguration { SuppressInitialValue = true });
        _ledgerUp = factory.CreateGauge("hourglass_ledger_up", "1 when the ledger answered this scrape, 0 when not (hourglass_jobs and hourglass_alerts_open then keep their last values).", new GaugeConfiguration { SuppressInitialValue = true });
        factory.CreateGauge("hourglass_build_info", "The running Hourglass's version; always 1.", "version").WithLabels(Version).Set(1);

        foreach (var database in _databases)
        {
            foreach (var tier in _tiers)
            {
                _backupDuration.WithLabels(database, tier);
                foreach (var result in Results)
                {
                    _backupRuns.WithLabels(database, tier, result);
                }
            }

            foreach (var result in Results)
            {
                _verifyRuns.WithLabels(database, result);
            }
        }

        foreach (var target in _targets)
        {
            foreach (var result in Results)
            {
                _copyRuns.WithLabels(target, result);
            }
        }

        foreach (var tier in _tiers)
        {
            _missedSlots.WithLabels(tier);
        }

        foreach (var state in Enum.GetValues<JobState>())
        {
            _jobs.WithLabels(Lower(state));
        }
    }

    /// <summary>The registry <c>/metrics</c> exports.</summary>
    public CollectorRegistry Registry { get; } = Prometheus.Metrics.NewCustomRegistry();

    /// <summary>The engine's version, as <c>hourglass_build_info</c> labels it.</summary>
    public static string Version { get; } =
        typeof(HourglassOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(HourglassOptions).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>Counts and records what an event says. Called on the publishing thread: only sets values.</summary>
    public void Observe(HourglassEvent @event)
    {
        switch (@event)
        {
            case SetCommitted committed:
                foreach (var fact in MetricFacts.Backups(committed.Manifest).Where(f => Known(f.Database, f.Tier)))
                {
                    _backupRuns.WithLabels(fact.Database, fact.Tier, "ok").Inc();
                    _backupDuration.WithLabels(fact.Database, fact.Tier).Observe(fact.Duration.TotalSeconds);
                    Record(fact);
                }

                break;
            case DumpFailed failed when Known(failed.Database, failed.Set.Tier):
                _backupRuns.WithLabels(failed.Database, failed.Set.Tier, "failed").Inc();
                break;
            case VerificationFinished verified when verified.Target is null:
                foreach (var fact in MetricFacts.Verifications(verified.Verification).Where(f => _databases.Contains(f.Database)))
                {
                    _verifyRuns.WithLabels(fact.Database, fact.Passed ? "ok" : "failed").Inc();
                    Record(fact);
                }

                foreach (var fact in MetricFacts.Restores(verified.Verification))
                {
                    Record(fact);
                }

                break;
            case SetCopied copied when _targets.Contains(copied.Target):
                _copyRuns.WithLabels(copied.Target, "ok").Inc();
                foreach (var fact in MetricFacts.Copies(copied.Manifest, copied.Target))
                {
                    Record(fact);
                }

                break;
            case CopyFailed copyFailed when _targets.Contains(copyFailed.Target):
                _copyRuns.WithLabels(copyFailed.Target, "failed").Inc();
                break;
            case SlotsMissed missed when _tiers.Contains(missed.Schedule):
                _missedSlots.WithLabels(missed.Schedule).Inc(missed.Count);
                break;
        }
    }

    /// <summary>Takes every fact of the engine's state that is newer than what the gauges show.</summary>
    public void Apply(MetricsSeed seed)
    {
        foreach (var fact in seed.Backups)
        {
            Record(fact);
        }

        foreach (var fact in seed.Verifications)
        {
            Record(fact);
        }

        foreach (var fact in seed.Restores)
        {
            Record(fact);
        }

        foreach (var fact in seed.Copies)
        {
            Record(fact);
        }
    }

    /// <summary>Sets the values read at scrape time: ages at <paramref name="now"/>, and what the ledger and the disk said.</summary>
    public void Scraped(DateTimeOffset now, IReadOnlyDictionary<JobState, int>? jobs, int? openAlerts, long? freeBytes)
    {
        lock (_gate)
        {
            foreach (var newest in _backups.Values.GroupBy(f => f.Database).Select(g => g.MaxBy(f => f.At)!))
            {
                _backupAge.WithLabels(newest.Database).Set(Math.Max(0, (now - newest.At).TotalSeconds));
            }
        }

        _ledgerUp.Set(jobs is null || openAlerts is null ? 0 : 1);
        if (jobs is not null)
        {
            foreach (var (state, count) in jobs)
            {
                _jobs.WithLabels(Lower(state)).Set(count);
            }
        }

        if (openAlerts is { } open)
        {
            _alertsOpen.Set(open);
        }

        if (freeBytes is { } free)
        {
            _freeBytes.Set(free);
        }
    }

    private void Record(BackupFact fact)
    {
        lock (_gate)
        {
            if (!Known(fact.Database, fact.Tier) || (_backups.TryGetValue((fact.Database, fact.Tier), out var shown) && shown.At > fact.At))
            {
                return;
            }

            _backups[(fact.Database, fact.Tier)] = fact;
            _backupLastSuccess.WithLabels(fact.Database, fact.Tier).Set(fact.At.ToUnixTimeSeconds());
            _backupLastSize.WithLabels(fact.Database, fact.Tier).Set(fact.Bytes);
            _backupLastDuration.WithLabels(fact.Database, fact.Tier).Set(fact.Duration.TotalSeconds);
        }
    }

    private void Record(VerificationFact fact)
    {
        lock (_gate)
        {
            if (!_databases.Contains(fact.Database))
            {
                return;
            }

            if (!_verifications.TryGetValue(fact.Database, out var shown) || shown.At <= fact.At)
            {
                _verifications[fact.Database] = fact;
                _verifyLastResult.WithLabels(fact.Database).Set(fact.Passed ? 1 : 0);
            }

            if (fact.Passed && (!_verifiedOk.TryGetValue(fact.Database, out var passed) || passed <= fact.At))
            {
                _verifiedOk[fact.Database] = fact.At;
                _verifyLastSuccess.WithLabels(fact.Database).Set(fact.At.ToUnixTimeSeconds());
            }
        }
    }

    private void Record(RestoreFact fact)
    {
        lock (_gate)
        {
            if (_databases.Contains(fact.Database) && (!_restores.TryGetValue(fact.Database, out var shown) || shown.At <= fact.At))
            {
                _restores[fact.Database] = fact;
                _restoreDuration.WithLabels(fact.Database).Set(fact.Duration.TotalSeconds);
            }
        }
    }

    private void Record(CopyFact fact)
    {
        lock (_gate)
        {
            if (_databases.Contains(fact.Database) && _targets.Contains(fact.Target)
                && (!_copies.TryGetValue((fact.Database, fact.Target), out var shown) || shown < fact.At))
            {
                _copies[(fact.Database, fact.Target)] = fact.At;
                _copyLastSuccess.WithLabels(fact.Database, fact.Target).Set(fact.At.ToUnixTimeSeconds());
            }
        }
    }

    private bool Known(string database, string tier) => _databases.Contains(database) && _tiers.Contains(tier);

    private static string Lower(JobState state) => state.ToString().ToLowerInvariant();
}
