using System.Globalization;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Web;

/// <summary><c>/metrics</c> of a real <c>hourglass serve</c>: from its events, from the sets after a restart, and scraped by a real Prometheus.</summary>
public sealed class MetricsTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The scrape's samples by series (name and labels as exported).</summary>
    private static async Task<IReadOnlyDictionary<string, double>> ScrapeAsync(ServedNode served)
    {
        using var response = await served.Http.GetAsync("metrics", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.IsSuccessStatusCode, text);
        return text.Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' '))
            .ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Metrics_AfterABackupByTheNode_ItsValuesAndEveryCounterFromZero()
    {
        using var served = await ServedNode.StartAsync(cluster, "metrics_run", Ct);
        var database = served.Database;
        var before = await ScrapeAsync(served);

        await served.BackupAsync("daily", Ct);
        var after = await ScrapeAsync(served);
        var set = Assert.Single(served.Workspace.AllSets());
        var dump = set.Manifest!.Find(database)!;

        Assert.Equal(0, before[$"hourglass_backup_runs_total{{database=\"{database}\",tier=\"daily\",result=\"failed\"}}"]);
        Assert.Equal(0, before[$"hourglass_backup_runs_total{{database=\"{database}\",tier=\"hourly\",result=\"ok\"}}"]);
        Assert.DoesNotContain(before.Keys, k => k.StartsWith("hourglass_backup_age_seconds", StringComparison.Ordinal));
        Assert.Equal(1, after[$"hourglass_backup_runs_total{{database=\"{database}\",tier=\"daily\",result=\"ok\"}}"]);
        Assert.Equal(0, after[$"hourglass_backup_runs_total{{database=\"{database}\",tier=\"daily\",result=\"failed\"}}"]);
        Assert.Equal(set.Manifest.StartedAt.ToUnixTimeSeconds(), after[$"hourglass_backup_last_success_timestamp_seconds{{database=\"{database}\",tier=\"daily\"}}"]);
        Assert.Equal(dump.Bytes, after[$"hourglass_backup_last_size_bytes{{database=\"{database}\",tier=\"daily\"}}"]);
        Assert.Equal(dump.DurationMs / 1000.0, after[$"hourglass_backup_last_duration_seconds{{database=\"{database}\",tier=\"daily\"}}"], 3);
        Assert.Equal(1, after[$"hourglass_backup_duration_seconds_count{{database=\"{database}\",tier=\"daily\"}}"]);
        Assert.Equal(1, after["hourglass_jobs{state=\"completed\"}"]);
        Assert.Equal(0, after["hourglass_alerts_open"]);
        Assert.Equal(1, after["hourglass_ledger_up"]);
        Assert.True(after["hourglass_storage_free_bytes"] > 0);
        Assert.InRange(after[$"hourglass_backup_age_seconds{{database=\"{database}\"}}"], 0, 120);
        Assert.Contains(after.Keys, k => k.StartsWith("hourglass_build_info{version=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_AfterARestart_LastValuesFromTheSetsOnDisk_CountersFromZero()
    {
        // Taken and verified by the CLI before the node starts: no event of this node's says anything about them.
        using var served = await ServedNode.StartAsync(cluster, "metrics_seed", Ct, before: async workspace =>
        {
            Assert.Equal(0, (await workspace.RunAsync(Ct, "backup", "--tier", "hourly")).ExitCode);
            Assert.Equal(0, (await workspace.RunAsync(Ct, "verify", "latest", "--restore")).ExitCode);
        });
        var database = served.Database;
        var set = Assert.Single(served.Workspace.AllSets());

        var first = await ScrapeAsync(served);

        var verification = set.Manifest!.Verification!;
        Assert.Equal(set.Manifest.StartedAt.ToUnixTimeSeconds(), first[$"hourglass_backup_last_success_timestamp_seconds{{database=\"{database}\",tier=\"hourly\"}}"]);
        Assert.Equal(set.Manifest.Find(database)!.Bytes, first[$"hourglass_backup_last_size_bytes{{database=\"{database}\",tier=\"hourly\"}}"]);
        Assert.Equal(verification.At.ToUnixTimeSeconds(), first[$"hourglass_verify_last_success_timestamp_seconds{{database=\"{database}\"}}"]);
        Assert.Equal(1, first[$"hourglass_verify_last_result{{database=\"{database}\"}}"]);
        Assert.Equal(verification.Files.Single(f => f.Database == database).DurationMs / 1000.0, first[$"hourglass_restore_duration_seconds{{database=\"{database}\"}}"], 3);
        Assert.Equal(0, first[$"hourglass_backup_runs_total{{database=\"{database}\",tier=\"hourly\",result=\"ok\"}}"]);
    }

    [Fact]
    public async Task Metrics_ADumpFails_CountedAsFailedForItsDatabaseAndTier()
    {
        using var served = await ServedNode.StartAsync(cluster, "metrics_fail", Ct);
        var database = served.Database;
        await cluster.ExecuteAsync("postgres", $"DROP DATABASE \"{database}\"", Ct);

        Assert.Equal(0, (await served.Workspace.RunAsync(Ct, "enqueue", "backup", "--tier", "daily")).ExitCode);
        var failed = $"hourglass_backup_runs_total{{database=\"{database}\",tier=\"daily\",result=\"failed\"}}";
        var samples = await Eventually.GetAsync(
            async () => await ScrapeAsync(served) is var s && s[failed] >= 1 ? s : null,
            TimeSpan.FromSeconds(60),
            "a failed dump in the metrics",
            () => served.Node.Process.Output);

        Assert.Equal(0, samples[$"hourglass_backup_runs_total{{database=\"{database}\",tier=\"daily\",result=\"ok\"}}"]);
        Assert.DoesNotContain(samples.Keys, k => k.StartsWith("hourglass_backup_last_success_timestamp_seconds", StringComparison.Ordinal));
    }
}
