using Hourglass.Backups;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Postgres;
using Hourglass.Restores;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Backups;

public sealed class RoundTripTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Restore_RichDatabase_SchemaIdenticalAndRowCountsMatchManifest()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("rich", SampleSchemas.Rich, ct);
        using var workspace = new Workspace(cluster, source);

        var outcome = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var copy = source + "_copy";
        var restored = await workspace.Restores().RunAsync(new RestoreRequest(SetQueries.Latest, source, Into: copy), null, ct);

        Assert.True(outcome.Complete);
        Assert.Equal(await Tools.SchemaAsync(source, ct), await Tools.SchemaAsync(copy, ct));
        var tables = outcome.Manifest.Find(source)!.Tables;
        Assert.Equal(
            new Dictionary<string, long>
            {
                ["public.people"] = 2500,
                ["billing.invoices"] = 1200,
                ["\"Audit Log\".\"Events Table\""] = 300,
                ["public.measurements_2025"] = 214,
                ["public.measurements_2026"] = 187,
            },
            tables);
        foreach (var (table, rows) in tables)
        {
            Assert.Equal(rows, await cluster.ScalarAsync<long>(copy, $"SELECT count(*) FROM {table}", ct));
        }

        Assert.Equal(tables.Count, restored.Tables);
        Assert.Equal(tables.Values.Sum(), restored.Rows);
        Assert.Equal(5442L, await cluster.ScalarAsync<long>(copy, "SELECT last_value FROM billing.invoice_no", ct));
        Assert.Equal(
            await cluster.ScalarAsync<string>(source, "SELECT md5(string_agg(bio || encode(photo, 'hex') || profile::text, ',' ORDER BY id)) FROM people", ct),
            await cluster.ScalarAsync<string>(copy, "SELECT md5(string_agg(bio || encode(photo, 'hex') || profile::text, ',' ORDER BY id)) FROM people", ct));
    }

    [Theory]
    [InlineData("Mixed Case")]
    [InlineData("with space")]
    [InlineData("ünïcödé")]
    [InlineData("it's=\"odd\"")]
    public async Task Backup_DatabaseNameNeedingQuotes_RoundTrips(string prefix)
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync(prefix, SampleSchemas.Rows(321), ct);
        using var workspace = new Workspace(cluster, source);

        var outcome = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var copy = "copy of " + source;
        await workspace.Restores().RunAsync(new RestoreRequest(outcome.SetId.ToString(), source, Into: copy), null, ct);

        Assert.True(outcome.Complete);
        Assert.True(File.Exists(Path.Combine(outcome.Location, source + ".sql.zst")));
        Assert.Equal(321L, outcome.Manifest.Find(source)!.Tables["public.items"]);
        Assert.Equal(321L, await cluster.ScalarAsync<long>(copy, "SELECT count(*) FROM items", ct));
    }

    [Theory]
    [InlineData("gzip", ".sql.gz")]
    [InlineData("none", ".sql")]
    [InlineData("zstd", ".sql.zst")]
    public async Task Backup_EachCompression_WritesItsExtensionAndRestores(string compression, string extension)
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("codec", SampleSchemas.Rows(1000), ct);
        using var workspace = new Workspace(cluster, source);
        workspace.Options.Compression = Enum.Parse<Configuration.CompressionKind>(compression, ignoreCase: true);

        var outcome = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        await workspace.Restores().RunAsync(new RestoreRequest("latest", source, Into: source + "_r"), null, ct);

        var entry = outcome.Manifest.Find(source)!;
        Assert.Equal(source + extension, entry.File);
        Assert.Equal("globals" + extension, outcome.Manifest.Globals!.File);
        Assert.Equal(compression, entry.Compression);
        Assert.Equal(entry.Bytes, new FileInfo(Path.Combine(outcome.Location, entry.File)).Length);
        Assert.Equal(1000L, await cluster.ScalarAsync<long>(source + "_r", "SELECT count(*) FROM items", ct));
    }

    [Fact]
    public async Task Backup_PlainCompression_FileIsExactlyWhatPgDumpWrites()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("plain", SampleSchemas.Rows(50), ct);
        using var workspace = new Workspace(cluster, source);
        workspace.Options.Compression = Configuration.CompressionKind.None;

        var outcome = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);

        var ours = await File.ReadAllLinesAsync(Path.Combine(outcome.Location, source + ".sql"), ct);
        var theirs = (await Tools.RunAsync("pg_dump", ct, "--dbname=" + ConnInfo.DbName(source))).Split('\n');
        static IEnumerable<string> WithoutKeys(IEnumerable<string> lines) => lines.Where(l => !l.Contains("restrict ", StringComparison.Ordinal)).Where(l => l.Length > 0);
        Assert.Equal(WithoutKeys(theirs), WithoutKeys(ours));
        Assert.Equal(outcome.Manifest.Find(source)!.RawBytes, outcome.Manifest.Find(source)!.Bytes);
    }

    [Fact]
    public async Task Backup_MaxParallelDumps_DumpsEveryDatabaseInConfigOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var databases = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            databases.Add(await cluster.CreateDatabaseAsync($"par{i}", SampleSchemas.Rows(5000 * (i + 1)), ct));
        }

        using var workspace = new Workspace(cluster, [.. databases]);
        workspace.Options.MaxParallelDumps = 3;

        var outcome = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);

        Assert.True(outcome.Complete);
        Assert.Equal(databases, outcome.Manifest.Databases.Select(d => d.Name));
        Assert.Equal([5000L, 10000L, 15000L, 20000L], outcome.Manifest.Databases.Select(d => d.Tables["public.items"]));
    }

    [Fact]
    public async Task Backup_TwoAtOnceInOneTier_BothKeptUnderDifferentNames()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("twice", SampleSchemas.Rows(100), ct);
        using var workspace = new Workspace(cluster, database);

        var both = await Task.WhenAll(
            workspace.Backups().RunAsync(new BackupRequest("daily"), null, ct),
            workspace.Backups().RunAsync(new BackupRequest("daily"), null, ct));

        Assert.NotEqual(both[0].SetId, both[1].SetId);
        Assert.All(both, b => Assert.True(b.Complete));
        Assert.Equal(2, workspace.AllSets("daily").Count(s => s.Manifest is not null));
    }
}
