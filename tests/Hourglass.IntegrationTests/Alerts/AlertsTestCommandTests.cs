using System.Text.Json;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Alerts;

/// <summary><c>hourglass alerts test</c>: a test message to every channel now, one line each.</summary>
public sealed class AlertsTestCommandTests(PostgresCluster cluster, SmtpServer smtp)
{
    [Fact]
    public async Task AlertsTest_EveryChannel_OneLineEach_ExitsOneWhenOneFailed()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = new Workspace(cluster, "postgres");
        await using var alerts = await AlertFixture.StartAsync(workspace.Folder, smtp, ct);
        alerts.Receiver.AnswerFor("/slack/", HttpReceiver.Behaviour.Fail);
        workspace.WriteConfig(new { databases = new[] { "postgres" }, alerts = alerts.Config() });

        var result = await workspace.RunAsync(alerts.Environment, ct, "alerts", "test");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal(["webhook: sent", "slack: FAILED: answered 500 Internal Server Error", "email: sent", "ping: sent"], result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var webhook = Assert.Single(alerts.Webhooks);
        Assert.Equal("test", JsonDocument.Parse(webhook.Body).RootElement.GetProperty("type").GetString());
        Assert.True(alerts.SignatureVerifies(webhook));
        Assert.StartsWith("[Hourglass] TEST:", Assert.Single(smtp.MessagesTo(alerts.To)).Subject, StringComparison.Ordinal);
        Assert.Equal("POST", Assert.Single(alerts.Pings).Method);
        foreach (var secret in alerts.Secrets)
        {
            Assert.DoesNotContain(secret, result.Stdout + result.Stderr, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AlertsTest_NoChannel_ExitsTwo()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = new Workspace(cluster, "postgres");
        workspace.WriteConfig(new { databases = new[] { "postgres" } });

        var result = await workspace.RunAsync(ct, "alerts", "test");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: no alert channel is configured", result.Stderr, StringComparison.Ordinal);
    }
}
