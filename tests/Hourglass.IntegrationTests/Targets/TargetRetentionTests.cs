using System.Globalization;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Targets;

/// <summary>Each target keeps its own number of copies, pruned by the same planner as the local root, with its reasons.</summary>
public sealed class TargetRetentionTests(PostgresCluster cluster, S3Server s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A workspace whose target keeps 5 daily copies, with <paramref name="count"/> daily sets taken and each copied
    /// there; then the target's keep becomes <paramref name="keep"/>. Returns the sets, newest first.
    /// </summary>
    private async Task<(Workspace Workspace, Offsite Offsite, IReadOnlyList<SetId> Sets)> CopiedAsync(string prefix, int count, object keep)
    {
        var source = await cluster.CreateDatabaseAsync(prefix, SampleSchemas.Rows(10), Ct);
        var workspace = new Workspace(cluster, source);
        var offsite = await Offsite.CreateAsync(s3, Ct);
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target(keep: 5)));
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(0, (await workspace.RunAsync(Ct, "backup", "--tier", "daily")).ExitCode);
            var copy = await workspace.RunAsync(Ct, "copy", "latest", "--to", "offsite");
            Assert.True(copy.ExitCode == 0, copy.ToString());
        }

        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target(keep: keep)));
        return (workspace, offsite, [.. workspace.AllSets("daily").Select(s => s.Id)]);
    }

    [Fact]
    public async Task PruneTarget_KeepLoweredToTwo_DryRunGivesReasonsAndRemovesNothing_PruneLeavesTheNewestTwo()
    {
        var (workspace, offsite, sets) = await CopiedAsync("tprune", 3, keep: 2);
        using var disposeWorkspace = workspace;

        var dryRun = await workspace.RunAsync(Ct, "prune", "--target", "offsite", "--dry-run");
        var afterDryRun = await offsite.ManifestKeysAsync(Ct);
        var prune = await workspace.RunAsync(Ct, "prune", "--target", "offsite");
        var after = await offsite.ManifestKeysAsync(Ct);

        Assert.Equal(3, sets.Count);
        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        Assert.Contains("daily (keep 2): 2 kept, 1 would be removed", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("one of the newest 2 complete sets", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("older than the newest 2 complete sets", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was removed.", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(sets.Select(s => Offsite.KeyOf(s, Manifest.FileName)).Order(StringComparer.Ordinal), afterDryRun);
        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains("daily (keep 2): 2 kept, 1 removed", prune.Stdout, StringComparison.Ordinal);
        Assert.Equal(sets.Take(2).Select(s => Offsite.KeyOf(s, Manifest.FileName)).Order(StringComparer.Ordinal), after);
        Assert.DoesNotContain(await offsite.KeysAsync(Ct), k => k.Contains(sets[2].Name, StringComparison.Ordinal));
        Assert.Equal(3, workspace.AllSets("daily").Count);
    }

    [Fact]
    public async Task PruneTargetDryRun_CalendarKeep_ReasonNamesTheDayKept()
    {
        var (workspace, offsite, sets) = await CopiedAsync("tgfs", 2, keep: new { daily = 1, weekly = 1 });
        using var disposeWorkspace = workspace;

        var dryRun = await workspace.RunAsync(Ct, "prune", "--target", "offsite", "--dry-run");

        Assert.True(dryRun.ExitCode == 0, dryRun.ToString());
        var newest = sets[0].StartedAt;
        Assert.Contains($"newest complete set of day {newest.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}, week {ISOWeek.GetYear(newest.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(newest.UtcDateTime):00}", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("would remove", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, (await offsite.ManifestKeysAsync(Ct)).Count);
    }
}
