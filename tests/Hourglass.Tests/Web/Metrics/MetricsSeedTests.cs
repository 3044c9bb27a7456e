using Hourglass.Health;
using Hourglass.Storage;
using Hourglass.Web.Metrics;
using Hourglass.Web.State;
using static Hourglass.Tests.Web.Metrics.MetricsSamples;

namespace Hourglass.Tests.Web.Metrics;

public sealed class MetricsSeedTests
{
    private static StoredSet Stored(Manifest? manifest, string id = "daily/backup_20251025_120000") =>
        new(SetId.TryParse(manifest?.Id ?? id, null)!, manifest, manifest is null ? "unreadable manifest.json" : null, 1, "/backups/" + id);

    private static StatusReport Status(params TargetStatus[] targets) => new(Noon, [], [], [], null, []) { Targets = targets };

    [Fact]
    public void From_SetsAndTargets_EveryGoodDumpVerificationRestoreAndNewestCopy()
    {
        var verified = Set("daily", Noon, ("app", true, 10, 100), ("crm", false, 0, 1)) with
        {
            Verification = Verified(Noon.AddHours(2), restore: true, ("app", true, 2500)),
        };
        var checkedOnly = Set("hourly", Noon.AddHours(1), ("crm", true, 20, 200)) with
        {
            Verification = Verified(Noon.AddHours(3), restore: false, ("crm", true, 1)),
        };
        var targets = new TargetStatus("offsite", "s3://b", [new CopyStatus("app", "daily/backup_20251025_120000", Noon, TimeSpan.FromDays(2), false), new CopyStatus("crm", null, null, TimeSpan.FromDays(2), true)], null);

        var seed = MetricsSeed.From(new Snapshot(Status(targets), [Stored(checkedOnly), Stored(verified), Stored(null)], Noon));

        Assert.Equal(
            [new BackupFact("crm", "hourly", Noon.AddHours(1), 20, TimeSpan.FromMilliseconds(200)), new BackupFact("app", "daily", Noon, 10, TimeSpan.FromMilliseconds(100))],
            seed.Backups);
        Assert.Equal([new VerificationFact("crm", Noon.AddHours(3), true), new VerificationFact("app", Noon.AddHours(2), true)], seed.Verifications);
        Assert.Equal([new RestoreFact("app", Noon.AddHours(2), TimeSpan.FromMilliseconds(2500))], seed.Restores);
        Assert.Equal([new CopyFact("app", "offsite", Noon)], seed.Copies);
    }

    [Fact]
    public void From_FailedTestRestore_IsAFailedVerificationButNoRto()
    {
        var set = Set("daily", Noon, ("app", true, 10, 100)) with { Verification = Verified(Noon, restore: true, ("app", false, 900)) };

        var seed = MetricsSeed.From(new Snapshot(Status(), [Stored(set)], Noon));

        Assert.Equal([new VerificationFact("app", Noon, false)], seed.Verifications);
        Assert.Empty(seed.Restores);
    }
}
