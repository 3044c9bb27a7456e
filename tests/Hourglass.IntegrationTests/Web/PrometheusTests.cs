using Hourglass.IntegrationTests.Infrastructure;
using static Hourglass.IntegrationTests.Web.ServedWorkspace;

namespace Hourglass.IntegrationTests.Web;

/// <summary>A real Prometheus scraping a real <c>hourglass serve</c>, queried in PromQL as a dashboard or an alert rule would.</summary>
public sealed class PrometheusTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prometheus_ScrapesServe_AgeOfTheNewestBackupIsTheSetsAge()
    {
        var (workspace, listen) = await CreateAsync(cluster, "prometheus", Ct);
        using var _ = workspace;
        using var node = await WebNode.StartAsync(workspace.Folder, listen, Ct);
        await BackupThroughTheNodeAsync(workspace, "daily", Ct);
        var startedAt = Assert.Single(workspace.AllSets()).Manifest!.StartedAt;
        var database = workspace.Options.Databases[0];
        using var prometheus = await PrometheusServer.StartAsync(listen, Ct);

        // Eventually: the first scrape lands within a second or two of Prometheus starting.
        var fromTimestamp = await Eventually.GetAsync(
            async () => await prometheus.QueryAsync($"time() - hourglass_backup_last_success_timestamp_seconds{{database=\"{database}\",tier=\"daily\"}}", Ct) is { } v ? Tuple.Create(v) : null,
            TimeSpan.FromSeconds(30),
            "the backup's timestamp in Prometheus",
            () => prometheus.TargetsAsync(Ct).GetAwaiter().GetResult());
        var expected = (TimeProvider.System.GetUtcNow() - startedAt).TotalSeconds;
        var fromGauge = await prometheus.QueryAsync($"max by (database) (hourglass_backup_age_seconds{{database=\"{database}\"}})", Ct);
        var failures = await prometheus.QueryAsync($"sum(hourglass_backup_runs_total{{database=\"{database}\",result=\"failed\"}})", Ct);

        // Prometheus evaluates at its own now; its samples are at most a scrape (1 s) old.
        Assert.InRange(fromTimestamp.Item1, expected - 5, expected + 5);
        Assert.InRange(fromGauge!.Value, expected - 5, expected + 5);
        Assert.Equal(0, failures);
    }
}
