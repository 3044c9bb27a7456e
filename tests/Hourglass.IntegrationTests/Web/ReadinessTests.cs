using System.Net;
using System.Text.Json.Nodes;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Web;

/// <summary><c>/healthz</c> and <c>/readyz</c> of a real <c>hourglass serve</c>.</summary>
public sealed class ReadinessTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Readyz_NodeScheduling_200ReadyWithItsNodeId()
    {
        using var served = await ServedNode.StartAsync(cluster, "ready", Ct);

        var ready = await Eventually.GetAsync(
            async () =>
            {
                using var response = await served.Http.GetAsync("readyz", Ct);
                return response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct)) : null;
            },
            TimeSpan.FromSeconds(30),
            "/readyz to answer 200",
            () => served.Node.Process.Output);

        Assert.True(ready["ready"]!.GetValue<bool>());
        Assert.Equal("running", ready["schedule"]!.GetValue<string>());
        Assert.Contains($"-{served.Node.Process.Pid}-", ready["node"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_LedgerGone_503WithAFixedReason_TheLedgersErrorOnlyInTheLog_HealthzStillOk()
    {
        var ledgerDatabase = await cluster.CreateDatabaseAsync("ready_ledger", Ct);
        using var served = await ServedNode.StartAsync(cluster, "ready_gone", Ct, ledger: new { connectionString = cluster.ConnectionString(ledgerDatabase) });
        var node = served.Node;
        await Eventually.GetAsync(async () => (await node.Http.GetAsync("readyz", Ct)).StatusCode == HttpStatusCode.OK ? "ready" : null, TimeSpan.FromSeconds(30), "the node to be ready", () => node.Process.Output);

        await cluster.ExecuteAsync("postgres", $"DROP DATABASE \"{ledgerDatabase}\" WITH (FORCE)", Ct);
        // The first probe after the drop may meet a pooled connection the server cut (57P01), not the missing
        // database (3D000), and a log line reaches the output after the answer: probe until the log says 3D000.
        var logged = $"Not ready: the ledger failed: 3D000: database \"{ledgerDatabase}\" does not exist";
        var (status, body) = await Eventually.GetAsync(
            async () =>
            {
                using var response = await node.Http.GetAsync("readyz", Ct);
                return response.StatusCode == HttpStatusCode.OK || !node.Process.Output.Contains(logged, StringComparison.Ordinal)
                    ? null
                    : Tuple.Create(response.StatusCode, await response.Content.ReadAsStringAsync(Ct));
            },
            TimeSpan.FromSeconds(30),
            "/readyz to fail, and the ledger's error in the log",
            () => node.Process.Output);
        using var health = await node.Http.GetAsync("healthz", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.DoesNotContain('\n', body.TrimEnd());
        var answer = JsonNode.Parse(body)!;
        Assert.False(answer["ready"]!.GetValue<bool>());
        Assert.Equal("the ledger did not answer: see the node's log", answer["reason"]!.GetValue<string>());
        Assert.DoesNotContain(ledgerDatabase, body, StringComparison.Ordinal);
        Assert.DoesNotContain(cluster.Password, body, StringComparison.Ordinal);
        Assert.Contains(logged, node.Process.Output, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
