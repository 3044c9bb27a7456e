using System.Text.Json;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Ledger;

namespace Hourglass.IntegrationTests.Web;

/// <summary><c>hourglass web password</c>, <c>hourglass tokens …</c> and the loopback rule, through the real CLI.</summary>
public sealed class WebCliTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Workspace AuthWorkspace()
    {
        var workspace = new Workspace(cluster, "postgres");
        workspace.WriteConfig(new
        {
            databases = new[] { "postgres" },
            web = new { listen = WebNode.Listen(), auth = new { passwordFile = "web.password" } },
        });
        return workspace;
    }

    [Fact]
    public async Task WebPassword_FromStandardInput_WritesAnOwnerOnlyHashThatIsNotThePassword()
    {
        using var workspace = AuthWorkspace();

        var result = await WebCli.PasswordAsync(workspace.Folder, "web.password", "a long enough secret", Ct);

        var file = Path.Combine(workspace.Folder, "web.password");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var hash = (await File.ReadAllTextAsync(file, Ct)).Trim();
        Assert.DoesNotContain("a long enough secret", hash, StringComparison.Ordinal);
        Assert.True(await Hourglass.Web.Auth.PasswordFile.MatchesAsync(file, "a long enough secret", Ct));
        Assert.False(await Hourglass.Web.Auth.PasswordFile.MatchesAsync(file, "another secret", Ct));
    }

    [Fact]
    public async Task WebPassword_ShorterThanEight_Exit2AndNoFile()
    {
        using var workspace = AuthWorkspace();

        var result = await WebCli.PasswordAsync(workspace.Folder, "web.password", "short", Ct);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal(["error: the password is shorter than 8 characters: choose a longer one"], result.ErrorLines);
        Assert.False(File.Exists(Path.Combine(workspace.Folder, "web.password")));
    }

    [Fact]
    public async Task TokensCreate_PrintsTheTokenOnce_ListShowsItsNameAndTheLedgerOnlyItsHash()
    {
        using var workspace = AuthWorkspace();
        await WebCli.WritePasswordAsync(workspace.Folder, "web.password", "a long enough secret", Ct);

        var created = await workspace.RunAsync(Ct, "tokens", "create", "ci-deploy");
        var listed = await workspace.RunAsync(Ct, "tokens", "list", "--json");

        Assert.True(created.ExitCode == 0, created.ToString());
        var token = created.Stdout.Trim();
        Assert.Matches("^hg_[A-Za-z0-9_-]{43}$", token);
        var only = Assert.Single(JsonDocument.Parse(listed.Stdout).RootElement.EnumerateArray());
        Assert.Equal("ci-deploy", only.GetProperty("name").GetString());
        Assert.DoesNotContain(token, listed.Stdout + listed.Stderr, StringComparison.Ordinal);
        var ledger = await File.ReadAllBytesAsync(Path.Combine(workspace.Root, JobLedgerFactory.SqliteFileName), Ct);
        Assert.DoesNotContain(token, System.Text.Encoding.UTF8.GetString(ledger), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TokensRevoke_RemovesIt_AndAnUnknownNameExits1()
    {
        using var workspace = AuthWorkspace();
        await WebCli.WritePasswordAsync(workspace.Folder, "web.password", "a long enough secret", Ct);
        await workspace.RunAsync(Ct, "tokens", "create", "ci");

        var revoked = await workspace.RunAsync(Ct, "tokens", "revoke", "ci");
        var again = await workspace.RunAsync(Ct, "tokens", "revoke", "ci");
        var listed = await workspace.RunAsync(Ct, "tokens", "list", "--json");

        Assert.Equal((0, "token 'ci' revoked"), (revoked.ExitCode, revoked.Stdout.Trim()));
        Assert.Equal(1, again.ExitCode);
        Assert.Equal(["error: there is no active token named 'ci': run `hourglass tokens list` to see them"], again.ErrorLines);
        Assert.Equal(0, JsonDocument.Parse(listed.Stdout).RootElement.GetArrayLength());
    }

    [Fact]
    public async Task Serve_ListeningBeyondLoopbackWithoutAuth_Exit2WithOneLine()
    {
        using var workspace = new Workspace(cluster, "postgres");
        var port = FreePort.Next();
        workspace.WriteConfig(new { databases = new[] { "postgres" }, web = new { listen = $"0.0.0.0:{port}" } });

        var result = await workspace.RunAsync(Ct, "serve");

        Assert.Equal(2, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"'web.listen' 0.0.0.0:{port} is reachable from other machines but 'web.auth' is not set", line, StringComparison.Ordinal);
    }
}
