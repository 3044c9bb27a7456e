using System.Text.Json;
using Hourglass.Configuration;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Ledger;

namespace Hourglass.IntegrationTests.Alerts;

/// <summary>A failed backup seen by three nodes sharing one ledger: one alert and one resolved message per channel.</summary>
public sealed class AlertDeliveryTests(PostgresCluster cluster, SmtpServer smtp)
{
    [Fact]
    public async Task ThreeNodes_FailedBackupThenGoodSet_OneAlertAndOneResolvedToEachChannel()
    {
        var ct = TestContext.Current.CancellationToken;
        var good = await cluster.CreateDatabaseAsync("alerts_good", "CREATE TABLE t (id int); INSERT INTO t VALUES (1);", ct);
        var missing = $"alerts_missing_{Guid.NewGuid():N}"[..30];
        var ledgerDatabase = await cluster.CreateDatabaseAsync("alerts_ledger", ct);
        var ledgerConnection = cluster.ConnectionString(ledgerDatabase);
        using var workspace = new Workspace(cluster, good, missing);
        await using var alerts = await AlertFixture.StartAsync(workspace.Folder, smtp, ct);
        workspace.WriteConfig(new
        {
            databases = new[] { good, missing },
            connection = new { host = cluster.Host, port = cluster.Port },
            compressionLevel = 1,
            staleAfter = "01:00:00",
            ledger = new { connectionString = ledgerConnection },
            verify = new { enabled = false },
            tiers = new { fast = new { cron = "*/5 * * * * *", keep = 3 } },
            alerts = alerts.Config(),
        });
        var ledger = JobLedgerFactory.Create(new HourglassOptions { Ledger = new LedgerOptions { ConnectionString = ledgerConnection } });
        await ledger.MigrateAsync(ct);

        var nodes = Enumerable.Range(0, 3).Select(_ => NodeProcess.Serve(workspace.Folder, alerts.Environment)).ToList();
        try
        {
            string Context() => string.Join("\n---\n", nodes.Select(n => n.Output));
            await Eventually.GetAsync(() => Task.FromResult(alerts.Webhooks.FirstOrDefault()), TimeSpan.FromSeconds(60), "the backup.failed webhook", Context);
            await cluster.ExecuteAsync("postgres", $"CREATE DATABASE \"{missing}\" TEMPLATE template0", ct);
            await Eventually.GetAsync(() => Task.FromResult(alerts.Webhooks.FirstOrDefault(r => r.Body.Contains("backup.failed.resolved", StringComparison.Ordinal))), TimeSpan.FromSeconds(60), "the resolved webhook", Context);
            await Eventually.GetAsync(() => Task.FromResult(alerts.Smtp.MessagesTo(alerts.To) is { Count: >= 2 } mail ? mail : null), TimeSpan.FromSeconds(30), "both emails", Context);
            // Three nodes evaluate every 30 s and on every event: give them a few more rounds to send a duplicate.
            await Task.Delay(TimeSpan.FromSeconds(15), TimeProvider.System, ct);
            foreach (var node in nodes)
            {
                await node.TerminateAsync(TimeSpan.FromSeconds(15));
            }

            var types = alerts.Webhooks.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()).ToList();
            Assert.Equal(["backup.failed", "backup.failed.resolved"], types);
            Assert.All(alerts.Webhooks, r => Assert.True(alerts.SignatureVerifies(r), $"signature of {r.Body}"));
            Assert.Equal(2, alerts.Webhooks.Select(r => r.Headers["webhook-id"]).Distinct().Count());
            var opened = JsonDocument.Parse(alerts.Webhooks[0].Body).RootElement;
            Assert.Equal($"{missing}/fast", opened.GetProperty("data").GetProperty("subject").GetString());
            var resolvedOpenedAt = JsonDocument.Parse(alerts.Webhooks[1].Body).RootElement.GetProperty("data").GetProperty("openedAt").GetString();
            Assert.Equal(opened.GetProperty("data").GetProperty("openedAt").GetString(), resolvedOpenedAt);
            Assert.Contains("hourglass backup --tier fast", opened.GetProperty("data").GetProperty("message").GetString(), StringComparison.Ordinal);

            var slack = alerts.Slack.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("text").GetString()!).ToList();
            Assert.Equal(2, slack.Count);
            Assert.Contains("backup.failed", slack[0], StringComparison.Ordinal);
            Assert.StartsWith(":white_check_mark: *Hourglass* RESOLVED backup.failed", slack[1], StringComparison.Ordinal);

            var mail = alerts.Smtp.MessagesTo(alerts.To);
            Assert.Equal(2, mail.Count);
            Assert.StartsWith("[Hourglass] backup.failed:", mail[0].Subject, StringComparison.Ordinal);
            Assert.StartsWith("[Hourglass] RESOLVED backup.failed:", mail[1].Subject, StringComparison.Ordinal);

            var recorded = Assert.Single(await ((IAlertLedger)ledger).AlertsAsync(openOnly: false, 10, ct));
            Assert.Equal(($"backup.failed:{missing}/fast", true), (recorded.Key, recorded.ResolvedAt is not null));
            Assert.All(await ((IAlertLedger)ledger).DeliveriesAsync(recorded.Id, ct), d => Assert.Equal(("sent", 1), (d.State, d.Attempts)));

            // No secret in the nodes' output, the ledger's alert rows, or anything sent.
            var ledgerText = await AlertFixture.LedgerTextAsync(ledgerConnection, ct);
            var sent = string.Join("\n", alerts.Receiver.Requests.Where(r => !r.Path.StartsWith("/ping/", StringComparison.Ordinal)).Select(r => r.Body))
                + string.Join("\n", mail.Select(m => m.ToString()));
            foreach (var secret in alerts.Secrets)
            {
                Assert.DoesNotContain(secret, Context(), StringComparison.Ordinal);
                Assert.DoesNotContain(secret, ledgerText, StringComparison.Ordinal);
                Assert.DoesNotContain(secret, sent, StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var node in nodes)
            {
                node.Dispose();
            }
        }
    }

    [Fact]
    public async Task NodeWithoutChannels_ProblemOnEveryEvaluation_OpensNoAlert()
    {
        // Opening an alert queues its messages for the opener's channels: a node with none must leave it to one that
        // has some, or the alert is open and nobody is ever told.
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("alerts_silent_node", ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteConfig(AlertFixture.FastTier(cluster, database, new { minFreeBytes = 1L << 60 }));

        using var node = NodeProcess.Serve(workspace.Folder);
        // The monitor would evaluate at start and again after each set (disk.low on every one): two sets are plenty.
        await Eventually.GetAsync(() => Task.FromResult(workspace.AllSets("fast").Count >= 2 ? "two sets" : null), TimeSpan.FromSeconds(60), "two sets", () => node.Output);
        await node.TerminateAsync(TimeSpan.FromSeconds(15));
        var listing = await workspace.RunAsync(ct, "alerts", "--json");

        Assert.Equal(0, listing.ExitCode);
        Assert.Empty(JsonDocument.Parse(listing.Stdout).RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Contains("less than the", node.Output, StringComparison.Ordinal);
    }
}
