using System.Net;
using System.Text.RegularExpressions;
using Hourglass.Configuration;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Ledger;
using Microsoft.Data.Sqlite;

namespace Hourglass.IntegrationTests.Web;

/// <summary>The dashboard's pages as a plain HTTP client reads them, from a real <c>hourglass serve</c> without <c>web.auth</c>.</summary>
public sealed partial class DashboardPageTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Alerts_AnOpenAlertOlderThanTheNewest100_StillShownFirst()
    {
        using var served = await ServedNode.StartAsync(cluster, "page_alerts", Ct, before: async workspace =>
        {
            var ledger = JobLedgerFactory.Create(new HourglassOptions { BackupRoot = workspace.Root });
            await ledger.MigrateAsync(Ct);
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(workspace.Root, JobLedgerFactory.SqliteFileName)}");
            await connection.OpenAsync(Ct);
            await using var insert = connection.CreateCommand();
            // The open alert is about a node that really is silent (its heartbeat long past), so the node's own
            // monitor keeps it open; 120 resolved alerts opened after it push it out of the newest 100.
            insert.CommandText = """
                INSERT INTO alerts (key, kind, subject, message, opened_at, last_sent_at, resolved_at, resolved_message)
                VALUES ('node.silent:db9-1-gone', 'node.silent', 'db9-1-gone', 'node db9-1-gone on db9 has sent no heartbeat', 1761393600000, 1761393600000, NULL, NULL);
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 120)
                INSERT INTO alerts (key, kind, subject, message, opened_at, last_sent_at, resolved_at, resolved_message)
                SELECT 'disk.low:/srv' || i, 'disk.low', '/srv' || i, 'low disk', 1761400000000 + i * 1000, 1761400000000 + i * 1000, 1761500000000, 'disk space is back' FROM n;
                INSERT INTO nodes (id, host, started_at, heartbeat_at, running) VALUES ('db9-1-gone', 'db9', @started, @heartbeat, NULL);
                """;
            var now = TimeProvider.System.GetUtcNow();
            insert.Parameters.AddWithValue("@started", now.AddMinutes(-10).ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("@heartbeat", now.AddMinutes(-5).ToUnixTimeMilliseconds());
            await insert.ExecuteNonQueryAsync(Ct);
        });

        var page = await served.Http.GetStringAsync("alerts", Ct);

        var rows = AlertRow().Matches(page).Select(m => m.Groups[1].Value).ToList();
        string[] newest = [.. Enumerable.Range(21, 100).Reverse().Select(i => $"disk.low:/srv{i}")];
        Assert.Equal(["node.silent:db9-1-gone", .. newest], rows);
        Assert.Contains("<tr data-alert=\"node.silent:db9-1-gone\" data-state=\"open\">", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_FilterTheApiRefuses_400WithTheApisOneLine()
    {
        using var served = await ServedNode.StartAsync(cluster, "page_jobs_bad", Ct);

        foreach (var filter in new[] { "state=7", "state=running", "kind=42" })
        {
            using var page = await served.Http.GetAsync($"jobs?{filter}", Ct);
            using var api = await served.Http.GetAsync($"api/v1/jobs?{filter}", Ct);

            var refusal = Refusal().Match(await page.Content.ReadAsStringAsync(Ct));
            var apiError = System.Text.Json.Nodes.JsonNode.Parse(await api.Content.ReadAsStringAsync(Ct))!["error"]!.GetValue<string>();
            Assert.Equal((filter, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (filter, page.StatusCode, api.StatusCode));
            Assert.True(refusal.Success, filter);
            Assert.Equal(apiError, WebUtility.HtmlDecode(refusal.Groups[1].Value));
        }
    }

    [Fact]
    public async Task Jobs_FormWithAnyStateAndKind_ListsWithoutRefusal()
    {
        using var served = await ServedNode.StartAsync(cluster, "page_jobs_any", Ct);

        using var page = await served.Http.GetAsync("jobs?state=&kind=", Ct);
        var body = await page.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.DoesNotMatch(Refusal(), body);
    }

    [GeneratedRegex("<p class=\"error\">([^<]*)</p>")]
    private static partial Regex Refusal();

    [GeneratedRegex("<tr data-alert=\"([^\"]+)\"")]
    private static partial Regex AlertRow();
}
