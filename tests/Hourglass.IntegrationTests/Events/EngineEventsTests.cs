using Hourglass.Backups;
using Hourglass.Events;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Events;

public sealed class EngineEventsTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Backup_OneDatabaseMissing_PublishesItsDumpFailedThenThePartialSetCommittedThenThePrune()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("events", ct);
        using var workspace = new Workspace(cluster, database, "missing_db_events");
        var seen = new List<HourglassEvent>();
        using var subscription = workspace.Events.Subscribe(seen.Add);

        var (outcome, _) = await workspace.Jobs().BackupAndPruneAsync(new BackupRequest(), null, ct);

        var failed = Assert.Single(seen.OfType<DumpFailed>());
        Assert.Equal(("missing_db_events", outcome.SetId), (failed.Database, failed.Set));
        var committed = Assert.Single(seen.OfType<SetCommitted>());
        Assert.Equal(outcome.SetId.ToString(), committed.Manifest.Id);
        Assert.Equal(SetStatus.Partial, committed.Manifest.Status);
        var pruned = Assert.Single(seen.OfType<PruneFinished>());
        Assert.Equal(outcome.SetId.Tier, pruned.Tier);
        Assert.True(seen.IndexOf(failed) < seen.IndexOf(committed) && seen.IndexOf(committed) < seen.IndexOf(pruned));
    }

    [Fact]
    public async Task Verify_PublishesVerificationFinishedWithWhatItRecordedInTheManifest()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("events_verify", SampleSchemas.Rows(50), ct);
        using var workspace = new Workspace(cluster, database);
        var backup = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var seen = new List<HourglassEvent>();
        using var subscription = workspace.Events.Subscribe(seen.Add);

        var outcome = await workspace.Verifier().VerifyAsync(new Hourglass.Verification.VerifyRequest(backup.SetId.ToString()), ct);

        var finished = Assert.Single(seen.OfType<VerificationFinished>());
        Assert.Equal(backup.SetId, finished.Set);
        Assert.Equal(VerificationStatus.Passed, finished.Verification.Status);
        Assert.Equal(outcome.Verification, finished.Verification);
        Assert.Equal(ManifestFile.FormatTime(finished.Verification.At), ManifestFile.FormatTime(Manifests.Read(backup.Location)!.Verification!.At));
    }
}
