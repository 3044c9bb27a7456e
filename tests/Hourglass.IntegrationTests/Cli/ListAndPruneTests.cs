using System.Text.Json;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Cli;

public sealed class ListAndPruneTests(PostgresCluster cluster)
{
    [Fact]
    public async Task List_Json_SetsNewestFirstWithDatabasesAndTotals()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("listed", SampleSchemas.Rows(100), ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig();
        Assert.Equal(0, (await workspace.RunAsync(ct, "backup", "--tier", "daily")).ExitCode);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), TimeProvider.System, ct);
        Assert.Equal(0, (await workspace.RunAsync(ct, "backup", "--tier", "hourly")).ExitCode);

        var result = await workspace.RunAsync(ct, "list", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var sets = json.RootElement.GetProperty("sets").EnumerateArray().ToList();
        Assert.Equal(["hourly", "daily"], sets.Select(s => s.GetProperty("tier").GetString()));
        Assert.All(sets, s => Assert.Equal("complete", s.GetProperty("status").GetString()));
        var db = Assert.Single(sets[0].GetProperty("databases").EnumerateArray());
        Assert.Equal(database, db.GetProperty("name").GetString());
        Assert.Equal(64, db.GetProperty("sha256").GetString()!.Length);
        var tiers = json.RootElement.GetProperty("tiers").EnumerateArray().ToList();
        Assert.Equal(["daily", "hourly"], tiers.Select(t => t.GetProperty("name").GetString()));
        Assert.Equal(tiers.Sum(t => t.GetProperty("bytes").GetInt64()), json.RootElement.GetProperty("totalBytes").GetInt64());
    }

    [Fact]
    public async Task List_Table_ShowsSetsAndTotals()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("table", ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig();
        await workspace.RunAsync(ct, "backup");

        var result = await workspace.RunAsync(ct, "list");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"hourly/backup_\d{8}_\d{6}", result.Stdout);
        Assert.Contains("complete", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("hourly: 1 set,", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("total: 1 set,", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prune_KeepsNewestCompleteSetsAndDryRunRemovesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("pruned", ct);
        using var workspace = new Workspace(cluster, database);
        object Config(int keep) => new
        {
            databases = new[] { database },
            connection = new { host = cluster.Host, port = cluster.Port },
            tiers = new { often = new { cron = "* * * * *", keep } },
        };

        // Three complete sets taken under keep 3 (each backup prunes its tier), then keep lowered to 2: one set is beyond it.
        workspace.WriteConfig(Config(keep: 3));
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await workspace.RunAsync(ct, "backup")).ExitCode);
            await Task.Delay(TimeSpan.FromMilliseconds(1100), TimeProvider.System, ct);
        }

        workspace.WriteConfig(Config(keep: 2));
        // What a backup killed mid-run leaves: a .partial folder whose lock nobody holds.
        var crashed = Directory.CreateDirectory(Path.Combine(workspace.Root, "often", "backup_20200101_000000.partial"));
        await File.WriteAllTextAsync(Path.Combine(crashed.FullName, Hourglass.Storage.LocalSetWriter.LockFileName), "", ct);
        var setsBefore = workspace.AllSets().Select(s => s.Id.Name).ToList();
        var entriesBefore = workspace.Entries();

        var dryRun = await workspace.RunAsync(ct, "prune", "--dry-run");
        var entriesAfterDryRun = workspace.Entries();
        var prune = await workspace.RunAsync(ct, "prune");

        Assert.Equal(3, setsBefore.Count);
        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains("often (keep 2): 2 kept, 2 would be removed", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("one of the newest 2 complete sets", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("older than the newest 2 complete sets", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Contains("Dry run: nothing was removed.", dryRun.Stdout, StringComparison.Ordinal);
        Assert.Equal(entriesBefore, entriesAfterDryRun);
        Assert.Equal(0, prune.ExitCode);
        Assert.Contains("often (keep 2): 2 kept, 2 removed", prune.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(workspace.Entries(), e => e.EndsWith(".partial", StringComparison.Ordinal));
        Assert.Equal(setsBefore[..2], workspace.AllSets().Select(s => s.Id.Name));
    }

    [Fact]
    public async Task OldObanLayoutFolder_ListedUnreadable_NeverPrunedOrRestored()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("oban", SampleSchemas.Rows(10), ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteConfig(new
        {
            databases = new[] { database },
            connection = new { host = cluster.Host, port = cluster.Port },
            tiers = new { hourly = new { cron = "0 * * * *", keep = 1 } },
        });
        // What the Oban job wrote: plain .sql files, no manifest.
        var oban = Directory.CreateDirectory(Path.Combine(workspace.Root, "hourly", "backup_20200101_000000"));
        await File.WriteAllTextAsync(Path.Combine(oban.FullName, database + ".sql"), "SELECT 1;\n", ct);
        Assert.Equal(0, (await workspace.RunAsync(ct, "backup")).ExitCode);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), TimeProvider.System, ct);
        Assert.Equal(0, (await workspace.RunAsync(ct, "backup")).ExitCode);

        var list = await workspace.RunAsync(ct, "list", "--json");
        var prune = await workspace.RunAsync(ct, "prune");
        var restore = await workspace.RunAsync(ct, "restore", "hourly/backup_20200101_000000", "--db", database, "--into", database + "_old");

        using var json = JsonDocument.Parse(list.Stdout);
        var old = json.RootElement.GetProperty("sets").EnumerateArray().Single(s => s.GetProperty("id").GetString() == "hourly/backup_20200101_000000");
        Assert.Equal("unreadable", old.GetProperty("status").GetString());
        Assert.Equal("no manifest.json", old.GetProperty("problem").GetString());
        Assert.Contains("no manifest.json; left for a person to look at", prune.Stdout, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(oban.FullName, database + ".sql")));
        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("cannot be restored: no manifest.json", restore.Stderr, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(database + "_old", ct));
    }
}
