using Hourglass.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace Hourglass.IntegrationTests.Web;

/// <summary>
/// A real <c>hourglass serve</c> with <c>web.auth</c> (a password hash written by <c>hourglass web password</c> and a
/// bearer token from <c>hourglass tokens create</c>), over two real databases: <see cref="BackedUp"/> has a set
/// before the node starts, <see cref="NotYet"/> has none (so the overview starts with one red row). Also a headless
/// Chromium, and the cookies of one sign-in for tests that start signed in.
/// </summary>
public sealed class SecuredNode(PostgresCluster cluster) : IAsyncLifetime
{
    /// <summary>The sign-in user (not the default, so a test can tell that the public sign-in page never names it).</summary>
    public const string User = "keeper-5c1e";

    /// <summary>The sign-in password; a test checks no page ever shows it.</summary>
    public const string Password = "browser-test password 7f3a";

    private Workspace? _workspace;
    private WebNode? _node;

    public PostgresCluster Cluster => cluster;

    public string BackedUp { get; private set; } = "";

    public string NotYet { get; private set; } = "";

    /// <summary>The bearer token, as <c>tokens create</c> printed it.</summary>
    public string Token { get; private set; } = "";

    public WebNode Node => _node!;

    internal Workspace Workspace => _workspace!;

    public HeadlessChromium Browser { get; private set; } = null!;

    /// <summary>The cookies of a signed-in session (Playwright storage state).</summary>
    public string SignedIn { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        BackedUp = await cluster.CreateDatabaseAsync("web_a", SampleSchemas.Rows(500), ct);
        NotYet = await cluster.CreateDatabaseAsync("web_b", SampleSchemas.Rows(200), ct);
        _workspace = new Workspace(cluster, BackedUp, NotYet);
        var listen = WebNode.Listen();
        _workspace.WriteConfig(new
        {
            databases = new[] { BackedUp, NotYet },
            connection = new { host = cluster.Host, port = cluster.Port, username = cluster.User },
            tiers = new { hourly = new { cron = "0 1 1 1 *", keep = 6 }, daily = new { cron = "0 1 1 1 *", keep = 7 } },
            web = new { listen, auth = new { user = User, passwordFile = "web.password" } },
        });
        await WebCli.WritePasswordAsync(_workspace.Folder, "web.password", Password, ct);
        var token = await _workspace.RunAsync(ct, "tokens", "create", "browser-tests");
        Assert.True(token.ExitCode == 0, token.ToString());
        Token = token.Stdout.Trim();
        var backup = await _workspace.RunAsync(ct, "backup", "--tier", "hourly", "--db", BackedUp);
        Assert.True(backup.ExitCode == 0, backup.ToString());

        _node = await WebNode.StartAsync(_workspace.Folder, listen, ct);
        Browser = await HeadlessChromium.LaunchAsync(_node.Address);
        await using var context = await Browser.ContextAsync(forwardedFor: "198.51.100.1");
        var page = await context.NewPageAsync();
        await HeadlessChromium.SignInAsync(page, User, Password);
        SignedIn = await context.StorageStateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _node?.Dispose();
        _workspace?.Dispose();
    }
}
