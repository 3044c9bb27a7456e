using System.Text.Json;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Alerts;

/// <summary>What goes wrong around alerts: bad config stops the start; dead channels are retried while backups go on.</summary>
public sealed class AlertFailureTests(PostgresCluster cluster, SmtpServer smtp)
{
    [Theory]
    [InlineData("""{ "slack": {} }""", "'alerts.slack' has no url")]
    [InlineData("""{ "email": { "host": "smtp.example.com", "from": "h@example.com", "to": ["o@example.com"], "security": "ssl" } }""", "'alerts.email.security' is 'ssl'")]
    [InlineData("""{ "webhook": { "url": "https://h.example/x", "secretEnv": "HOURGLASS_TEST_UNSET_SECRET" } }""", "environment variable HOURGLASS_TEST_UNSET_SECRET (named by 'alerts.webhook.secretEnv') is not set")]
    public async Task Serve_MalformedAlertConfig_ExitsTwoWithOneLine(string alerts, string expected)
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = new Workspace(cluster, "postgres");
        File.WriteAllText(
            Path.Combine(workspace.Folder, "hourglass.json"),
            $$"""{ "databases": ["postgres"], "tiers": { "daily": { "cron": "0 1 1 1 *", "keep": 1 } }, "alerts": {{alerts}} }""");

        var result = await workspace.RunAsync(ct, "serve");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("started", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeadChannels_UnreachableSmtpHangingWebhookFailingSlack_BackupsGoOn_SendsRetriedWithErrorsInLedger()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("alerts_dead", "CREATE TABLE t (id int); INSERT INTO t VALUES (1);", ct);
        using var workspace = new Workspace(cluster, database);
        await using var alerts = await AlertFixture.StartAsync(workspace.Folder, smtp, ct);
        alerts.Receiver.AnswerFor("/webhook", HttpReceiver.Behaviour.Hang);
        alerts.Receiver.AnswerFor("/slack/", HttpReceiver.Behaviour.Fail);
        var closedPort = FreePort.Next();
        // Every set is good; the alert is low disk, asked for with a threshold no disk meets.
        workspace.WriteConfig(AlertFixture.FastTier(cluster, database, alerts.Config(minFreeBytes: 1L << 60, smtpPort: closedPort)));

        using var node = NodeProcess.Serve(workspace.Folder, alerts.Environment);
        var retried = await Eventually.GetAsync(
            () => Task.FromResult(alerts.Webhooks.Count >= 2 ? alerts.Webhooks : null),
            TimeSpan.FromSeconds(90),
            "the hanging webhook's retry",
            () => node.Output);
        var listing = await workspace.RunAsync(ct, "alerts", "--json");
        // Read while the node runs: stopping it gives a running backup back to the ledger (retryable, no attempt used).
        var jobs = JsonDocument.Parse((await workspace.RunAsync(ct, "jobs", "--json", "--kind", "backup")).Stdout).RootElement.EnumerateArray().ToList();
        await node.TerminateAsync(TimeSpan.FromSeconds(20));

        // The same message, recognisably: one webhook-id for both tries.
        Assert.Single(retried.Select(r => r.Headers["webhook-id"]).Distinct());
        Assert.Equal(0, listing.ExitCode);
        var alert = Assert.Single(JsonDocument.Parse(listing.Stdout).RootElement.GetProperty("alerts").EnumerateArray());
        Assert.Equal(("disk.low", "open"), (alert.GetProperty("kind").GetString(), alert.GetProperty("state").GetString()));
        var deliveries = alert.GetProperty("deliveries").EnumerateArray().ToDictionary(d => d.GetProperty("channel").GetString()!);
        Assert.Equal(["webhook", "slack", "email"], deliveries.Keys);
        Assert.All(deliveries.Values, d => Assert.Equal("pending", d.GetProperty("state").GetString()));
        Assert.All(deliveries.Values, d => Assert.True(d.GetProperty("attempts").GetInt32() >= 1, d.ToString()));
        Assert.Contains("no answer within 10 s", deliveries["webhook"].GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Contains("answered 500", deliveries["slack"].GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.Contains($"SMTP server {smtp.Host}:{closedPort}", deliveries["email"].GetProperty("lastError").GetString(), StringComparison.Ordinal);

        // Backups went on: every slot from the first to the last has a complete set.
        var sets = workspace.AllSets("fast").Select(s => s.Manifest!).OrderBy(m => m.StartedAt).ToList();
        Assert.True(sets.Count >= 3, node.Output);
        Assert.All(sets, m => Assert.Equal(Hourglass.Storage.SetStatus.Complete, m.Status));
        Assert.All(jobs.Where(j => j.GetProperty("state").GetString() is not ("executing" or "available" or "scheduled")), j => Assert.Equal("completed", j.GetProperty("state").GetString()));

        foreach (var secret in alerts.Secrets)
        {
            Assert.DoesNotContain(secret, node.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, listing.Stdout, StringComparison.Ordinal);
        }
    }
}
