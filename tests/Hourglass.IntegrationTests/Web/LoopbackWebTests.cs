using System.Net;
using System.Text;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Web;

/// <summary>
/// A real serve whose web host has no <c>web.auth</c> (loopback only): pages and the API are open, but a
/// state-changing request still needs the antiforgery token, and only loopback host names are answered (DNS rebinding).
/// </summary>
public sealed class LoopbackWebTests(LoopbackNode node) : IClassFixture<LoopbackNode>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task NoAuth_PagesOpenWithoutSignIn()
    {
        using var response = await node.Node.Http.GetAsync("/", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("<h1>Overview</h1>", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoAuth_PostWithoutAntiforgeryToken_Rejected400AndNothingQueued()
    {
        using var response = await node.Node.Http.PostAsync("/api/v1/backups", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        var jobs = await node.Workspace.RunAsync(Ct, "jobs", "--json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no valid antiforgery token", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal("[]", jobs.Stdout.Trim());
    }

    [Fact]
    public async Task NoAuth_RequestForAnotherHostName_Refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "rebound.example";

        using var response = await node.Node.Http.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("Without web.auth this host answers only to 127.0.0.1, [::1] or localhost", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }
}

/// <summary>A serve with its web host on loopback and no <c>web.auth</c>, over one empty database.</summary>
public sealed class LoopbackNode(PostgresCluster cluster) : IAsyncLifetime
{
    private Workspace? _workspace;

    public WebNode Node { get; private set; } = null!;

    internal Workspace Workspace => _workspace!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("web_open", ct);
        _workspace = new Workspace(cluster, database);
        var listen = WebNode.Listen();
        _workspace.WriteConfig(new
        {
            databases = new[] { database },
            connection = new { host = cluster.Host, port = cluster.Port, username = cluster.User },
            tiers = new { hourly = new { cron = "0 1 1 1 *", keep = 6 } },
            web = new { listen },
        });
        Node = await WebNode.StartAsync(_workspace.Folder, listen, ct);
    }

    public ValueTask DisposeAsync()
    {
        Node?.Dispose();
        _workspace?.Dispose();
        return ValueTask.CompletedTask;
    }
}
