using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Web;

/// <summary>
/// A real <c>hourglass serve</c> with its web host, in a workspace of its own: one small database, quiet tiers (no
/// slot fires while a test runs) and <c>web.listen</c> on a free loopback port. Disposing it stops the node and
/// removes the workspace.
/// </summary>
internal sealed class ServedNode : IDisposable
{
    private ServedNode(Workspace workspace, WebNode node)
    {
        Workspace = workspace;
        Node = node;
    }

    public Workspace Workspace { get; }

    public WebNode Node { get; }

    public HttpClient Http => Node.Http;

    /// <summary>The workspace's one database.</summary>
    public string Database => Workspace.Options.Databases[0];

    /// <summary>
    /// Writes the workspace (with <paramref name="ledger"/> as its <c>ledger</c> section when given), runs
    /// <paramref name="before"/> on it (to set up the ledger or take a set before the node starts), starts the node,
    /// and with <paramref name="backupTier"/> has the node take a set of that tier (so its events reach the web host).
    /// </summary>
    public static async Task<ServedNode> StartAsync(
        PostgresCluster cluster,
        string prefix,
        CancellationToken cancellationToken,
        object? ledger = null,
        Func<Workspace, Task>? before = null,
        string? backupTier = null)
    {
        var database = await cluster.CreateDatabaseAsync(prefix, SampleSchemas.Rows(100), cancellationToken);
        var workspace = new Workspace(cluster, database);
        try
        {
            var listen = WebNode.Listen();
            workspace.WriteConfig(new
            {
                databases = new[] { database },
                connection = new { host = cluster.Host, port = cluster.Port, username = cluster.User },
                tiers = new { hourly = new { cron = "0 1 1 1 *", keep = 6 }, daily = new { cron = "0 1 1 1 *", keep = 7 } },
                ledger,
                web = new { listen },
            });
            if (before is not null)
            {
                await before(workspace);
            }

            var served = new ServedNode(workspace, await WebNode.StartAsync(workspace.Folder, listen, cancellationToken));
            if (backupTier is not null)
            {
                await served.BackupAsync(backupTier, cancellationToken);
            }

            return served;
        }
        catch
        {
            workspace.Dispose();
            throw;
        }
    }

    /// <summary>Has the node take a set of <paramref name="tier"/> (<c>enqueue --wait</c>).</summary>
    public async Task BackupAsync(string tier, CancellationToken cancellationToken)
    {
        var run = await Workspace.RunAsync(cancellationToken, "enqueue", "backup", "--tier", tier, "--wait");
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    public void Dispose()
    {
        Node.Dispose();
        Workspace.Dispose();
    }
}
