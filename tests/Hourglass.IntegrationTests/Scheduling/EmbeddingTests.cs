using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Scheduling;

public sealed class EmbeddingTests(PostgresCluster cluster)
{
    [Fact]
    public async Task SampleApp_HostsTheEngine_RunsScheduledBackupsAndStopsCleanly()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("embedded", SampleSchemas.Rows(100), ct);
        using var workspace = new Workspace(cluster, database);
        var environment = new Dictionary<string, string?>
        {
            ["Hourglass__databases__0"] = database,
            ["Hourglass__connection__host"] = cluster.Host,
            ["Hourglass__connection__port"] = cluster.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Hourglass__backupRoot"] = workspace.Root,
            ["Hourglass__tiers__every5s__cron"] = "*/5 * * * * *",
            ["Hourglass__tiers__every5s__keep"] = "10",
        };

        using var app = NodeProcess.App(Repository.SampleDll("EmbeddedApp"), workspace.Folder, environment);
        await Eventually.GetAsync(
            () => Task.FromResult(workspace.AllSets().FirstOrDefault(s => s.Manifest?.Status == Hourglass.Storage.SetStatus.Complete)),
            TimeSpan.FromSeconds(60),
            "a set from the embedded engine",
            () => app.Output);
        var took = await app.TerminateAsync(TimeSpan.FromSeconds(15));

        Assert.Equal(0, app.ExitCode);
        Assert.True(took < TimeSpan.FromSeconds(10));
        Assert.Contains("Job 1 (backup) completed", app.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(workspace.Root, "hourglass.db")));
    }
}
