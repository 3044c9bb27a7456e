using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Hourglass.Configuration;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Ledger;
using Microsoft.Data.Sqlite;
using static Hourglass.IntegrationTests.Web.JsonAssert;

namespace Hourglass.IntegrationTests.Web;

/// <summary>The read-only JSON API of a real <c>hourglass serve</c>, against the CLI's <c>--json</c> documents.</summary>
public sealed class ApiTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The workspace's SQLite ledger, migrated, for setting up jobs and alerts before the node starts.</summary>
    private static async Task<IJobLedger> LedgerAsync(Workspace workspace)
    {
        var ledger = JobLedgerFactory.Create(new HourglassOptions { BackupRoot = workspace.Root });
        await ledger.MigrateAsync(Ct);
        return ledger;
    }

    private static long[] Ids(JsonNode jobs) => [.. jobs.AsArray().Select(j => j!["id"]!.GetValue<long>())];

    [Fact]
    public async Task Status_AfterABackup_IsTheDocumentStatusJsonPrints()
    {
        using var served = await ServedNode.StartAsync(cluster, "api_status", Ct, backupTier: "daily");

        var api = await GetJsonAsync(served.Http, "api/v1/status", Ct);
        var cli = await served.Workspace.RunAsync(Ct, "status", "--json");

        string[] moving = ["now", "ageSeconds", "heartbeatAt", "freeBytes"];
        Assert.Equal(served.Database, api["databases"]![0]!["name"]!.GetValue<string>());
        Assert.NotNull(api["databases"]![0]!["newestGoodSet"]);
        Same(Stable(cli.Stdout, moving), Stable(api, moving));
    }

    [Fact]
    public async Task Sets_LocalRoot_IsTheDocumentListJsonPrints_AlsoByTierAndDatabase()
    {
        using var served = await ServedNode.StartAsync(cluster, "api_sets", Ct, backupTier: "daily");
        await served.BackupAsync("hourly", Ct);

        var all = await GetJsonAsync(served.Http, "api/v1/sets", Ct);
        var hourly = await GetJsonAsync(served.Http, "api/v1/sets?tier=hourly", Ct);
        var byDatabase = await GetJsonAsync(served.Http, $"api/v1/sets?db={served.Database}", Ct);

        Assert.Equal(2, all["sets"]!.AsArray().Count);
        Same(Stable((await served.Workspace.RunAsync(Ct, "list", "--json")).Stdout, "freeBytes"), Stable(all, "freeBytes"));
        Same(Stable((await served.Workspace.RunAsync(Ct, "list", "--tier", "hourly", "--json")).Stdout, "freeBytes"), Stable(hourly, "freeBytes"));
        Same(Stable((await served.Workspace.RunAsync(Ct, "list", "--db", served.Database, "--json")).Stdout, "freeBytes"), Stable(byDatabase, "freeBytes"));
    }

    [Fact]
    public async Task Sets_LedgerGone_StillListedFromTheBackupRoot_StatusIs503()
    {
        var ledgerDatabase = await cluster.CreateDatabaseAsync("api_noledger_ledger", Ct);
        using var served = await ServedNode.StartAsync(cluster, "api_noledger", Ct, ledger: new { connectionString = cluster.ConnectionString(ledgerDatabase) }, backupTier: "daily");

        // The backup's events left the snapshot due, so both requests below try to take it again, and fail to.
        await cluster.ExecuteAsync("postgres", $"DROP DATABASE \"{ledgerDatabase}\" WITH (FORCE)", Ct);
        using var status = await served.Http.GetAsync("api/v1/status", Ct);
        var sets = await GetJsonAsync(served.Http, "api/v1/sets", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status.StatusCode);
        Assert.StartsWith("the job ledger failed: ", JsonNode.Parse(await status.Content.ReadAsStringAsync(Ct))!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Single(sets["sets"]!.AsArray());
    }

    [Fact]
    public async Task Actions_LedgerGone_503WithAnErrorDocument()
    {
        var ledgerDatabase = await cluster.CreateDatabaseAsync("api_act_noledger_ledger", Ct);
        using var served = await ServedNode.StartAsync(cluster, "api_act_noledger", Ct, ledger: new { connectionString = cluster.ConnectionString(ledgerDatabase) });
        var overview = await served.Http.GetStringAsync("", Ct);
        var token = System.Text.RegularExpressions.Regex.Match(overview, "<meta name=\"hourglass-antiforgery\" content=\"([^\"]+)\">").Groups[1].Value;

        await cluster.ExecuteAsync("postgres", $"DROP DATABASE \"{ledgerDatabase}\" WITH (FORCE)", Ct);
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/backups") { Content = new StringContent("""{"tier":"daily"}""", System.Text.Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Hourglass-Antiforgery", token);
        using var response = await served.Http.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.StartsWith("the job ledger failed: ", JsonNode.Parse(body)!["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain('\n', body);
    }

    [Fact]
    public async Task Set_Verified_HasItsManifestAsOnDiskWithTheVerification_AbsentIs404()
    {
        using var served = await ServedNode.StartAsync(cluster, "api_set", Ct, backupTier: "daily");
        Assert.Equal(0, (await served.Workspace.RunAsync(Ct, "verify", "latest")).ExitCode);
        var set = Assert.Single(served.Workspace.AllSets());

        var detail = await GetJsonAsync(served.Http, $"api/v1/sets/{set.Id}", Ct);
        using var absent = await served.Http.GetAsync("api/v1/sets/daily/backup_20000101_000000", Ct);
        using var notASet = await served.Http.GetAsync("api/v1/sets/daily/latest", Ct);
        using var noTarget = await served.Http.GetAsync($"api/v1/sets/{set.Id}?target=offsite", Ct);

        Same(JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(set.Location, "manifest.json"), Ct))!, detail["manifest"]!);
        Assert.Equal("passed", detail["manifest"]!["verification"]!["status"]!.GetValue<string>());
        Assert.Equal((set.Id.ToString(), set.Location, set.Bytes), (detail["id"]!.GetValue<string>(), detail["location"]!.GetValue<string>(), detail["bytes"]!.GetValue<long>()));
        Assert.Equal(HttpStatusCode.NotFound, absent.StatusCode);
        Assert.Contains("there is no backup set 'daily/backup_20000101_000000'", await absent.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, notASet.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noTarget.StatusCode);
        Assert.Contains("there is no target 'offsite'", JsonNode.Parse(await noTarget.Content.ReadAsStringAsync(Ct))!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_PagedByIdAndFiltered_AreTheDocumentsJobsJsonPrints()
    {
        var ids = new List<long>();
        using var served = await ServedNode.StartAsync(cluster, "api_jobs", Ct, before: async workspace =>
        {
            var ledger = await LedgerAsync(workspace);
            var later = (await ledger.NowAsync(Ct)).AddDays(30);
            for (var i = 0; i < 7; i++)
            {
                // Due in a month, so the node leaves them alone; every third is cancelled.
                var id = (await ledger.EnqueueAsync(new NewJob(i % 2 == 0 ? JobKind.Prune : JobKind.Verify, "{}") { ScheduledAt = later }, Ct)).Id;
                ids.Add(id);
                if (i % 3 == 0)
                {
                    await ledger.CancelAsync(id, Ct);
                }
            }
        });

        using var firstPage = await served.Http.GetAsync("api/v1/jobs?limit=3&kind=prune", Ct);
        var first = JsonNode.Parse(await firstPage.Content.ReadAsStringAsync(Ct))!;
        var next = firstPage.Headers.GetValues("Link").Single();
        var second = await GetJsonAsync(served.Http, next[1..next.IndexOf('>', StringComparison.Ordinal)].TrimStart('/'), Ct);
        var cancelledVerifies = await GetJsonAsync(served.Http, "api/v1/jobs?state=cancelled&kind=verify", Ct);
        var newest = await GetJsonAsync(served.Http, "api/v1/jobs?limit=3", Ct);

        Assert.Equal([ids[6], ids[4], ids[2]], Ids(first));
        Assert.Equal([ids[0]], Ids(second));
        Assert.Equal($"</api/v1/jobs?limit=3&kind=prune&before={ids[2]}>; rel=\"next\"", next);
        Assert.Equal([ids[3]], Ids(cancelledVerifies));
        Same(JsonNode.Parse((await served.Workspace.RunAsync(Ct, "jobs", "--limit", "3", "--json")).Stdout)!, newest);
        Same(JsonNode.Parse((await served.Workspace.RunAsync(Ct, "jobs", "--state", "cancelled", "--kind", "verify", "--json")).Stdout)!, cancelledVerifies);
    }

    [Fact]
    public async Task Job_WithErrors_IsTheDocumentJobsShowJsonPrints_UnknownIs404()
    {
        long id = 0;
        using var served = await ServedNode.StartAsync(cluster, "api_job", Ct, before: async workspace =>
        {
            // Failed before the node starts, and due again tomorrow, so the node leaves it alone.
            var ledger = await LedgerAsync(workspace);
            id = (await ledger.EnqueueAsync(new NewJob(JobKind.Prune, "{}"), Ct)).Id;
            var job = (await ledger.ClaimAsync("test-worker", TimeSpan.FromMinutes(1), Ct))!;
            await ledger.FailAsync(id, "test-worker", job.Attempt, "test-node", "the disk was away", TimeSpan.FromDays(1), Ct);
        });

        var api = await GetJsonAsync(served.Http, $"api/v1/jobs/{id}", Ct);
        using var unknown = await served.Http.GetAsync("api/v1/jobs/999999", Ct);

        Same(JsonNode.Parse((await served.Workspace.RunAsync(Ct, "jobs", "show", id.ToString(CultureInfo.InvariantCulture), "--json")).Stdout)!, api);
        Assert.Equal("the disk was away", api["errors"]![0]!["message"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("there is no job 999999: run `hourglass jobs` to see them", JsonNode.Parse(await unknown.Content.ReadAsStringAsync(Ct))!["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnknownRoutesAndBadQueries_JsonErrorsWithTheirStatus()
    {
        using var served = await ServedNode.StartAsync(cluster, "api_errors", Ct);

        foreach (var (path, status, message) in new[]
        {
            ("api/v1/nope", HttpStatusCode.NotFound, "there is no API route '/api/v1/nope'"),
            ("api/v2/status", HttpStatusCode.NotFound, "there is no API route '/api/v2/status'"),
            ("api", HttpStatusCode.NotFound, "there is no API route '/api'"),
            ("api/v1/jobs?limit=0", HttpStatusCode.BadRequest, "limit='0' is not valid: use a whole number from 1 to 500"),
            ("api/v1/jobs?state=running", HttpStatusCode.BadRequest, "state='running' is not valid"),
            ("api/v1/jobs/abc", HttpStatusCode.NotFound, "there is no API route '/api/v1/jobs/abc'"),
            ("api/v1/alerts?open=maybe", HttpStatusCode.BadRequest, "open='maybe' is not valid"),
            ("api/v1/alerts?limit=501", HttpStatusCode.BadRequest, "limit='501' is not valid: use a whole number from 1 to 500"),
            ("api/v1/sets?tier=../etc", HttpStatusCode.BadRequest, "tier='../etc' is not valid"),
            ("api/v1/sets?target=nowhere", HttpStatusCode.NotFound, "there is no target 'nowhere'"),
        })
        {
            using var response = await served.Http.GetAsync(path, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(status == response.StatusCode, $"{path}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith(message, JsonNode.Parse(body)!["error"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.DoesNotContain('\n', body);
        }
    }

    [Fact]
    public async Task NodesAndAlerts_TheLiveNodeAndEachAlertWithItsDeliveries()
    {
        using var served = await ServedNode.StartAsync(cluster, "api_alerts", Ct, before: async workspace =>
        {
            // The rows are written as the alerts' monitor and sender write them. The open one is about a node that
            // really is silent (in the ledger, its heartbeat long past), so the node's own monitor keeps it open.
            await LedgerAsync(workspace);
            await using var connection = new SqliteConnection($"Data Source={Path.Combine(workspace.Root, JobLedgerFactory.SqliteFileName)}");
            await connection.OpenAsync(Ct);
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO alerts (key, kind, subject, message, opened_at, last_sent_at, resolved_at, resolved_message)
                VALUES ('node.silent:db9-1-gone', 'node.silent', 'db9-1-gone', 'node db9-1-gone on db9 has sent no heartbeat', 1761393600000, 1761393600000, NULL, NULL),
                       ('disk.low:/srv', 'disk.low', '/srv', 'low disk', 1761300000000, 1761300000000, 1761310000000, 'disk space is back');
                INSERT INTO nodes (id, host, started_at, heartbeat_at, running) VALUES ('db9-1-gone', 'db9', @started, @heartbeat, NULL);
                INSERT INTO alert_deliveries (alert_id, event, channel, state, attempts, next_at, sent_at, last_error, payload)
                VALUES (1, 'opened', 'email', 'sent', 1, 1761393600000, 1761393601000, NULL, '{}'),
                       (1, 'opened', 'webhook', 'pending', 2, 1761393700000, NULL, 'HTTP 500 from the receiver', '{}');
                """;
            // Started minutes ago (not 2025): the oldest node's start is when the schedule began, and a schedule that
            // began long ago without a set would make the monitor open stale-backup alerts too.
            var now = TimeProvider.System.GetUtcNow();
            insert.Parameters.AddWithValue("@started", now.AddMinutes(-10).ToUnixTimeMilliseconds());
            insert.Parameters.AddWithValue("@heartbeat", now.AddMinutes(-5).ToUnixTimeMilliseconds());
            await insert.ExecuteNonQueryAsync(Ct);
        });

        var nodes = await GetJsonAsync(served.Http, "api/v1/nodes", Ct);
        var open = await GetJsonAsync(served.Http, "api/v1/alerts?open=true", Ct);
        var all = await GetJsonAsync(served.Http, "api/v1/alerts", Ct);

        Assert.Equal([true, false], nodes.AsArray().Select(n => n!["alive"]!.GetValue<bool>()).OrderDescending());
        var alert = Assert.Single(open["alerts"]!.AsArray())!;
        Assert.Equal(("node.silent", "open", "2025-10-25T12:00:00Z"), (alert["kind"]!.GetValue<string>(), alert["state"]!.GetValue<string>(), alert["openedAt"]!.GetValue<string>()));
        Assert.Equal(["email:sent", "webhook:pending"], alert["deliveries"]!.AsArray().Select(d => $"{d!["channel"]}:{d["state"]}"));
        Assert.Equal("HTTP 500 from the receiver", alert["deliveries"]![1]!["lastError"]!.GetValue<string>());
        Assert.Equal(["node.silent", "disk.low"], all["alerts"]!.AsArray().Select(a => a!["kind"]!.GetValue<string>()));
        Assert.Equal("disk space is back", all["alerts"]![1]!["resolvedMessage"]!.GetValue<string>());
    }

    [Fact]
    public async Task EveryRouteAndMetrics_ContainNoSecret_WithAPasswordInTheLedgersConnectionString()
    {
        var ledgerDatabase = await cluster.CreateDatabaseAsync("api_secret_ledger", Ct);
        using var served = await ServedNode.StartAsync(cluster, "api_secret", Ct, ledger: new { connectionString = cluster.ConnectionString(ledgerDatabase) }, backupTier: "daily");
        var set = Assert.Single(served.Workspace.AllSets());

        foreach (var path in new[] { "api/v1/status", "api/v1/sets", $"api/v1/sets/{set.Id}", "api/v1/jobs", "api/v1/jobs/1", "api/v1/nodes", "api/v1/alerts", "api/v1/nope", "metrics", "readyz", "healthz" })
        {
            using var response = await served.Http.GetAsync(path, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(path == "api/v1/nope" || response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {body}");
            Assert.DoesNotContain(cluster.Password, body, StringComparison.Ordinal);
            Assert.DoesNotContain("Password=", body, StringComparison.OrdinalIgnoreCase);
        }
    }
}
