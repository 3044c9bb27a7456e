using System.Text.Json;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Cli;

public sealed class ShowTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Show_Json_ListsTablesWithRowsAndSizesAndObjectsByKind()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, database) = await BackedUpAsync("shown", SampleSchemas.Rich, "daily", ct);
        using var _ = workspace;

        var result = await workspace.RunAsync(ct, "show", "latest", "--db", database, "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var root = json.RootElement;
        Assert.StartsWith("daily/backup_", root.GetProperty("set").GetString(), StringComparison.Ordinal);
        Assert.Equal(database, root.GetProperty("database").GetString());
        var tables = root.GetProperty("tables").EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => (Rows: t.GetProperty("rows").GetInt64(), Bytes: t.GetProperty("dataBytes").GetInt64()));
        Assert.Equal(2500, tables["public.people"].Rows);
        Assert.Equal(300, tables["\"Audit Log\".\"Events Table\""].Rows);
        Assert.All(tables.Values, t => Assert.True(t.Bytes > 0));
        Assert.True(tables.Values.Sum(t => t.Bytes) < root.GetProperty("rawBytes").GetInt64());
        var objects = root.GetProperty("objects").EnumerateArray().ToDictionary(o => o.GetProperty("kind").GetString()!, o => (Section: o.GetProperty("section").GetString(), Count: o.GetProperty("count").GetInt32()));
        Assert.Equal(("post-data", 1), objects["TRIGGER"]);
        Assert.Equal(("post-data", 1), objects["INDEX"]);
        Assert.Equal(("post-data", 1), objects["MATERIALIZED VIEW DATA"]);
        Assert.Equal(("data", 3), objects["SEQUENCE SET"]);
        Assert.Equal(("pre-data", 6), objects["TABLE"]);
        Assert.False(objects.ContainsKey("TABLE DATA"));
    }

    [Fact]
    public async Task Show_Table_PrintsTablesAndKinds()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, database) = await BackedUpAsync("showtable", SampleSchemas.Rows(42), "hourly", ct);
        using var _ = workspace;

        var result = await workspace.RunAsync(ct, "show", "latest", "--db", database);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("public.items", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("42", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("CONSTRAINT", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_EncryptedDump_DecryptsWithTheIdentityFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("showsealed", SampleSchemas.Rows(77), ct);
        using var workspace = new Workspace(cluster, database);
        var key = await AgeKey.CreateAsync(workspace.Folder, "key.txt", ct);
        Offsite.WriteConfig(workspace, new Dictionary<string, object>(), key, localEncryption: true);
        Assert.Equal(0, (await workspace.RunAsync(ct, "backup")).ExitCode);

        var result = await workspace.RunAsync(ct, "show", "latest", "--db", database, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.EndsWith(".sql.zst.age", json.RootElement.GetProperty("file").GetString(), StringComparison.Ordinal);
        var table = Assert.Single(json.RootElement.GetProperty("tables").EnumerateArray());
        Assert.Equal(77, table.GetProperty("rows").GetInt64());
    }

    [Fact]
    public async Task Show_DumpCutInsideItsData_OneLineErrorExit1()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("showcut", SampleSchemas.Rows(5000), ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig(compression: "none", quiet: true);
        Assert.Equal(0, (await workspace.RunAsync(ct, "backup")).ExitCode);
        var set = Assert.Single(workspace.AllSets());
        var file = Path.Combine(set.Location, database + ".sql");
        var text = await File.ReadAllTextAsync(file, ct);
        await File.WriteAllTextAsync(file, text[..text.IndexOf("2500	item 2500", StringComparison.Ordinal)], ct);

        var result = await workspace.RunAsync(ct, "show", "latest", "--db", database);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"{database}.sql of set {set.Id} cannot be read to its end (the dump ends inside the data of public.items", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hourly/backup_20200101_000000", null, "there is no backup set 'hourly/backup_20200101_000000'")]
    [InlineData("latest", "nosuchdb", "no good backup of database 'nosuchdb'")]
    public async Task Show_MissingSetOrDatabase_OneLineErrorExit1(string set, string? otherDatabase, string message)
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, database) = await BackedUpAsync("showmissing", SampleSchemas.Rows(1), "hourly", ct);
        using var _ = workspace;

        var result = await workspace.RunAsync(ct, "show", set, "--db", otherDatabase ?? database);

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains(message, line, StringComparison.Ordinal);
        Assert.Equal("", result.Stdout);
    }

    [Fact]
    public async Task Show_WithoutDb_UsageErrorExit2()
    {
        var ct = TestContext.Current.CancellationToken;
        using var workspace = new Workspace(cluster, "unused");
        workspace.WriteDefaultConfig(quiet: true);

        var result = await workspace.RunAsync(ct, "show", "latest");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--db", result.Stderr, StringComparison.Ordinal);
    }

    /// <summary>A new database of <paramref name="sql"/> and a workspace holding one set of <paramref name="tier"/> with its dump.</summary>
    private async Task<(Workspace Workspace, string Database)> BackedUpAsync(string prefix, string sql, string tier, CancellationToken cancellationToken)
    {
        var database = await cluster.CreateDatabaseAsync(prefix, sql, cancellationToken);
        var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig(quiet: true);
        var backup = await workspace.RunAsync(cancellationToken, "backup", "--tier", tier);
        Assert.True(backup.ExitCode == 0, backup.ToString());
        return (workspace, database);
    }
}
