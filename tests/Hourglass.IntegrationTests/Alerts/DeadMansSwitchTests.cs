using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Alerts;

/// <summary>The dead man's switch: start and success pings for a good slot, a fail ping for a failed set.</summary>
public sealed class DeadMansSwitchTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Ping_PartialSetThenGoodSet_StartAndFailThenStartAndSuccess()
    {
        var ct = TestContext.Current.CancellationToken;
        var good = await cluster.CreateDatabaseAsync("ping_good", ct);
        var missing = $"ping_missing_{Guid.NewGuid():N}"[..28];
        using var workspace = new Workspace(cluster, good, missing);
        await using var receiver = await HttpReceiver.StartAsync();
        var check = $"/ping/{Guid.NewGuid()}";
        workspace.WriteConfig(new
        {
            databases = new[] { good, missing },
            connection = new { host = cluster.Host, port = cluster.Port },
            verify = new { enabled = false },
            tiers = new { fast = new { cron = "*/5 * * * * *", keep = 2 } },
            alerts = new { ping = new { urlEnv = "HOURGLASS_TEST_PING_URL" } },
        });
        var environment = new Dictionary<string, string?> { ["HOURGLASS_TEST_PING_URL"] = receiver.Url(check) };
        IReadOnlyList<string> Pings() => [.. receiver.Requests.Where(r => r.Path.StartsWith(check, StringComparison.Ordinal)).Select(r => r.Path[check.Length..])];

        using var node = NodeProcess.Serve(workspace.Folder, environment);
        await Eventually.GetAsync(() => Task.FromResult(Pings().Contains("/fail") ? Pings() : null), TimeSpan.FromSeconds(60), "a fail ping", () => node.Output);
        await cluster.ExecuteAsync("postgres", $"CREATE DATABASE \"{missing}\" TEMPLATE template0", ct);
        await Eventually.GetAsync(() => Task.FromResult(Pings().Contains("") ? Pings() : null), TimeSpan.FromSeconds(60), "a success ping", () => node.Output);
        await node.TerminateAsync(TimeSpan.FromSeconds(15));

        // Each run pings /start, then exactly one outcome: /fail for a partial set (not again for its discarded job), then success.
        var pings = Pings();
        var firstFail = pings.ToList().IndexOf("/fail");
        Assert.Equal("/start", pings[firstFail - 1]);
        var firstSuccess = pings.ToList().IndexOf("");
        Assert.Equal("/start", pings[firstSuccess - 1]);
        Assert.True(firstSuccess > firstFail);
        var runs = pings.Count(p => p == "/start");
        Assert.InRange(pings.Count(p => p != "/start"), runs - 1, runs);
        Assert.DoesNotContain(check, node.Output, StringComparison.Ordinal);
    }
}
