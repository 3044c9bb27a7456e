using Hourglass.Events;
using Hourglass.Ledger;
using Hourglass.Storage;
using Hourglass.Web.Metrics;
using static Hourglass.Tests.Web.Metrics.MetricsSamples;

namespace Hourglass.Tests.Web.Metrics;

public sealed class HourglassMetricsTests
{
    [Fact]
    public async Task Counters_BeforeAnyEvent_ExistAtZeroForEveryDatabaseTierTargetAndResult()
    {
        var samples = await SamplesAsync(NewMetrics());

        foreach (var database in new[] { "app", "crm" })
        {
            foreach (var tier in new[] { "daily", "hourly" })
            {
                Assert.Equal(0, Value(samples, $"hourglass_backup_runs_total{{database=\"{database}\",tier=\"{tier}\",result=\"ok\"}}"));
                Assert.Equal(0, Value(samples, $"hourglass_backup_runs_total{{database=\"{database}\",tier=\"{tier}\",result=\"failed\"}}"));
            }

            Assert.Equal(0, Value(samples, $"hourglass_verify_runs_total{{database=\"{database}\",result=\"failed\"}}"));
        }

        Has(
            samples,
            ("hourglass_copy_runs_total{target=\"offsite\",result=\"failed\"}", 0),
            ("hourglass_schedule_missed_slots_total{tier=\"hourly\"}", 0),
            ("hourglass_jobs{state=\"discarded\"}", 0),
            ($"hourglass_build_info{{version=\"{HourglassMetrics.Version}\"}}", 1));
        Assert.DoesNotContain(samples, s => s.StartsWith("hourglass_backup_last_success_timestamp_seconds", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Observe_PartialSetWithItsFailedDump_CountsEachDumpOnceAndSetsTheGoodOnesLastValues()
    {
        var metrics = NewMetrics();
        var set = Set("daily", Noon, ("app", true, 2048, 1500), ("crm", false, 0, 10));

        metrics.Observe(new DumpFailed(Noon, SetId.For("daily", Noon), "crm", "pg_dump exited 1"));
        metrics.Observe(new DumpFailed(Noon, SetId.For("daily", Noon), "globals", "pg_dumpall exited 1"));
        metrics.Observe(new SetCommitted(Noon.AddMinutes(1), set, TimeSpan.FromMinutes(1)));
        var samples = await SamplesAsync(metrics);

        Has(
            samples,
            ("hourglass_backup_runs_total{database=\"app\",tier=\"daily\",result=\"ok\"}", 1),
            ("hourglass_backup_runs_total{database=\"crm\",tier=\"daily\",result=\"failed\"}", 1),
            ("hourglass_backup_runs_total{database=\"crm\",tier=\"daily\",result=\"ok\"}", 0),
            ("hourglass_backup_last_success_timestamp_seconds{database=\"app\",tier=\"daily\"}", Noon.ToUnixTimeSeconds()),
            ("hourglass_backup_last_size_bytes{database=\"app\",tier=\"daily\"}", 2048),
            ("hourglass_backup_last_duration_seconds{database=\"app\",tier=\"daily\"}", 1.5),
            ("hourglass_backup_duration_seconds_bucket{database=\"app\",tier=\"daily\",le=\"2\"}", 1),
            ("hourglass_backup_duration_seconds_bucket{database=\"app\",tier=\"daily\",le=\"1\"}", 0),
            ("hourglass_backup_last_success_timestamp_seconds{database=\"crm\",tier=\"daily\"}", null));
        Assert.DoesNotContain(samples, s => s.Contains("globals", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_OlderSetsAfterANewerEvent_KeepTheNewerSetsValues()
    {
        var metrics = NewMetrics();
        metrics.Observe(new SetCommitted(Noon, Set("hourly", Noon, ("app", true, 300, 3000)), TimeSpan.FromSeconds(3)));

        metrics.Apply(new MetricsSeed([new BackupFact("app", "hourly", Noon.AddHours(-1), 100, TimeSpan.FromSeconds(1))], [], [], []));
        var samples = await SamplesAsync(metrics);

        Assert.Equal(Noon.ToUnixTimeSeconds(), Value(samples, "hourglass_backup_last_success_timestamp_seconds{database=\"app\",tier=\"hourly\"}"));
        Assert.Equal(300, Value(samples, "hourglass_backup_last_size_bytes{database=\"app\",tier=\"hourly\"}"));
    }

    [Fact]
    public async Task Scraped_AgeIsFromTheNewestGoodBackupInAnyTier_AndLedgerValuesAreSet()
    {
        var metrics = NewMetrics();
        metrics.Apply(new MetricsSeed(
            [new BackupFact("app", "daily", Noon.AddHours(-5), 1, TimeSpan.Zero), new BackupFact("app", "hourly", Noon.AddHours(-1), 1, TimeSpan.Zero)],
            [],
            [],
            []));

        metrics.Scraped(Noon, new Dictionary<JobState, int> { [JobState.Completed] = 9, [JobState.Discarded] = 2 }, 3, 4096);
        var samples = await SamplesAsync(metrics);

        Has(
            samples,
            ("hourglass_backup_age_seconds{database=\"app\"}", 3600),
            ("hourglass_backup_age_seconds{database=\"crm\"}", null),
            ("hourglass_jobs{state=\"completed\"}", 9),
            ("hourglass_jobs{state=\"discarded\"}", 2),
            ("hourglass_alerts_open", 3),
            ("hourglass_storage_free_bytes", 4096),
            ("hourglass_ledger_up", 1));
    }

    [Fact]
    public async Task Scraped_LedgerAway_LedgerDownAndJobsKeepTheirLastValues()
    {
        var metrics = NewMetrics();
        metrics.Scraped(Noon, new Dictionary<JobState, int> { [JobState.Completed] = 9 }, 0, null);

        metrics.Scraped(Noon, null, null, null);
        var samples = await SamplesAsync(metrics);

        Assert.Equal(0, Value(samples, "hourglass_ledger_up"));
        Assert.Equal(9, Value(samples, "hourglass_jobs{state=\"completed\"}"));
        Assert.DoesNotContain(samples, s => s.StartsWith("hourglass_storage_free_bytes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Observe_FailedVerificationAfterAPassedRestore_LastResultFailedKeepsLastSuccessAndRto()
    {
        var metrics = NewMetrics();
        var set = SetId.For("daily", Noon);

        metrics.Observe(new VerificationFinished(Noon, set, Verified(Noon, restore: true, ("app", true, 4200)), TimeSpan.FromSeconds(5)));
        metrics.Observe(new VerificationFinished(Noon.AddHours(1), set, Verified(Noon.AddHours(1), restore: false, ("app", false, 10)), TimeSpan.FromSeconds(1)));
        var samples = await SamplesAsync(metrics);

        Has(
            samples,
            ("hourglass_verify_last_result{database=\"app\"}", 0),
            ("hourglass_verify_last_success_timestamp_seconds{database=\"app\"}", Noon.ToUnixTimeSeconds()),
            ("hourglass_restore_duration_seconds{database=\"app\"}", 4.2),
            ("hourglass_verify_runs_total{database=\"app\",result=\"ok\"}", 1),
            ("hourglass_verify_runs_total{database=\"app\",result=\"failed\"}", 1));
    }

    [Fact]
    public async Task Observe_CopiesMissedSlotsAndVerificationOnATarget_CountedByTargetAndTier()
    {
        var metrics = NewMetrics();
        var set = Set("daily", Noon, ("app", true, 10, 10), ("crm", true, 10, 10));

        metrics.Observe(new SetCopied(Noon, "offsite", set, 20, TimeSpan.FromSeconds(2)));
        metrics.Observe(new CopyFailed(Noon, "offsite", SetId.For("daily", Noon), "endpoint away", Final: false));
        metrics.Observe(new SlotsMissed(Noon, "hourly", 3, Noon.AddHours(-3), Noon.AddHours(-1)));
        metrics.Observe(new SlotsMissed(Noon, "verify:daily", 1, Noon, Noon));
        metrics.Observe(new VerificationFinished(Noon, SetId.For("daily", Noon), Verified(Noon, restore: false, ("app", true, 1)), TimeSpan.Zero, Target: "offsite"));
        var samples = await SamplesAsync(metrics);

        Has(
            samples,
            ("hourglass_copy_last_success_timestamp_seconds{database=\"crm\",target=\"offsite\"}", Noon.ToUnixTimeSeconds()),
            ("hourglass_copy_runs_total{target=\"offsite\",result=\"ok\"}", 1),
            ("hourglass_copy_runs_total{target=\"offsite\",result=\"failed\"}", 1),
            ("hourglass_schedule_missed_slots_total{tier=\"hourly\"}", 3));
        Assert.DoesNotContain(samples, s => s.Contains("verify:daily", StringComparison.Ordinal));
        Assert.Equal(0, Value(samples, "hourglass_verify_runs_total{database=\"app\",result=\"ok\"}"));
    }

    [Fact]
    public async Task Observe_DatabaseNoLongerConfigured_GetsNoSeries()
    {
        var metrics = NewMetrics("app");

        metrics.Observe(new SetCommitted(Noon, Set("daily", Noon, ("app", true, 1, 1), ("retired", true, 1, 1)), TimeSpan.Zero));
        metrics.Apply(new MetricsSeed([new BackupFact("retired", "daily", Noon, 1, TimeSpan.Zero), new BackupFact("app", "weekly", Noon, 1, TimeSpan.Zero)], [], [], []));
        var samples = await SamplesAsync(metrics);

        Assert.DoesNotContain(samples, s => s.Contains("retired", StringComparison.Ordinal) || s.Contains("weekly", StringComparison.Ordinal));
    }
}
