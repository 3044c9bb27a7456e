using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Web;

/// <summary>A real Prometheus scraping a real <c>hourglass serve</c>, queried in PromQL as a dashboard or an alert rule would.</summary>
public sealed class PrometheusTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Prometheus_ScrapesServe_AgeOfTheNewestBackupIsTheSetsAge()
    {
        using var served = await ServedNode.StartAsync(cluster, "prometheus", Ct, backupTier: "daily");
        var startedAt = Assert.Single(served.Workspace.AllSets()).Manifest!.StartedAt;
        var database = served.Database;
        using var prometheus = await PrometheusServer.StartAsync(served.Node.Address.Authority, Ct);

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

    [Fact]
    public async Task GrafanaDashboard_EveryPanelsQuery_IsValidPromQlWithDataAfterABackup()
    {
        using var served = await ServedNode.StartAsync(cluster, "grafana", Ct, backupTier: "daily");
        Assert.Equal(0, (await served.Workspace.RunAsync(Ct, "verify", "latest", "--restore")).ExitCode);
        using var prometheus = await PrometheusServer.StartAsync(served.Node.Address.Authority, Ct);
        await Eventually.GetAsync(
            // rate() and increase() need two samples or more.
            async () => await prometheus.QueryAsync("count_over_time(hourglass_verify_last_result[1h])", Ct) is { } v and >= 3 ? Tuple.Create(v) : null,
            TimeSpan.FromSeconds(30),
            "three scrapes after the verification",
            () => prometheus.TargetsAsync(Ct).GetAwaiter().GetResult());
        using var dashboard = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Repository.Root, "deploy", "grafana", "hourglass.json"), Ct));
        var queries = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(p => p.TryGetProperty("targets", out var targets) && targets.GetArrayLength() > 0)
            .SelectMany(p => p.GetProperty("targets").EnumerateArray().Select(t => (Panel: p.GetProperty("title").GetString()!, Expr: t.GetProperty("expr").GetString()!)))
            .ToList();

        var empty = new List<string>();
        foreach (var (panel, expr) in queries)
        {
            // Grafana's variables as the dashboard's defaults expand them: every database, the time range as a day.
            var series = await prometheus.SeriesAsync(expr.Replace("$database", ".*", StringComparison.Ordinal).Replace("$__range", "1d", StringComparison.Ordinal), Ct);
            if (series == 0)
            {
                empty.Add($"{panel}: {expr}");
            }
        }

        Assert.True(queries.Count >= 15, $"{queries.Count} queries");
        // Copies need a target; the others all have data after one backup and one verification.
        Assert.All(empty, e => Assert.Contains("copy", e, StringComparison.Ordinal));
    }
}
