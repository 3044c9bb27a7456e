using Hourglass.Backups;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Restores;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Restores;

/// <summary>
/// A parallel restore (<c>--jobs N</c>) must give exactly what a serial one (<c>--jobs 1</c>) gives: the same schema,
/// the same rows in every table, the same sequence positions, the same counts in its outcome. Chunks are made small,
/// so even these small tables are cut into many pieces loaded over different connections.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class ParallelRestoreTests(PostgresCluster cluster)
{
    /// <summary>Small enough that every table of a few thousand rows is split, and smaller than the long row below.</summary>
    private const int SmallChunk = 16 * 1024;

    /// <summary>
    /// Text that COPY escapes in every way it can, and where a loader that cuts a COPY block anywhere but between
    /// rows, or takes an escaped <c>\.</c> for the block's end, breaks: <c>\.</c> as a whole value, alone on a line
    /// inside a value, and at the end of a row's line; backslashes, tabs, carriage returns, newlines; characters of
    /// several bytes; NULLs; and one row far longer than a chunk.
    /// </summary>
    private const string AwkwardText = """
        CREATE TABLE public.awkward (id int PRIMARY KEY, body text, tail text);
        INSERT INTO public.awkward
        SELECT g,
               CASE g % 9
                   WHEN 0 THEN E'\\.'
                   WHEN 1 THEN E'ends with \\.'
                   WHEN 2 THEN E'line\n\\.\nafter'
                   WHEN 3 THEN E'tab\there\\back\\slash\\'
                   WHEN 4 THEN E'crlf\r\nand a lone cr\r'
                   WHEN 5 THEN 'ünïcödé € 𝄞 ' || g
                   WHEN 6 THEN NULL
                   WHEN 7 THEN E'\\N is not null'
                   ELSE repeat('x', g % 300)
               END,
               'row ' || g || E' \\.'
        FROM generate_series(1, 20000) g;
        INSERT INTO public.awkward VALUES (0, repeat(E'a long\\row\twith\nbreaks and \\.\n', 20000), E'\\.');

        CREATE TABLE public.bare (t text);
        INSERT INTO public.bare SELECT (ARRAY[E'\\.', E'\\', '.', E'\\.\\.', E'.\n\\.', ''])[1 + g % 6] FROM generate_series(1, 30000) g;
        """;

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Restore_RichSchemaInParallel_SameAsSerial(int jobs)
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("prich", SampleSchemas.RichWithEdgeCases, ct);

        await AssertParallelSameAsSerialAsync(source, jobs, ct);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Restore_WideDatasetInParallel_SameAsSerial(int jobs)
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await WideDataset.CreateAsync(cluster, "pwide", rows: 3000, extraSql: null, ct);

        await AssertParallelSameAsSerialAsync(source, jobs, ct);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task Restore_TextNeedingEscapesInParallel_SameAsSerial(int jobs)
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("ptext", AwkwardText, ct);
        Assert.True(await cluster.ScalarAsync<int>(source, "SELECT max(octet_length(body)) FROM public.awkward", ct) > 10 * SmallChunk);

        await AssertParallelSameAsSerialAsync(source, jobs, ct);
    }

    [Fact]
    public async Task Restore_InParallelWithSmallChunks_LoadsOneTableInSeveralCopies()
    {
        // What makes the tests above cut their tables: with 16 KiB chunks, ~150 KiB of rows go in as ~9 COPYs. Each
        // runs as its own transaction (a parallel load is not one transaction), so its rows carry their own xmin.
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("pchunk", SampleSchemas.Rows(8000), ct);
        using var workspace = new Workspace(cluster, source);
        await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var runner = workspace.Restores();
        runner.ChunkBytes = SmallChunk;
        var target = source + "_copy";

        await runner.RunAsync(new RestoreRequest("latest", source, Into: target, Jobs: 2), null, ct);

        var bytes = await cluster.ScalarAsync<long>(source, "SELECT sum(octet_length(t::text) + 1) FROM items t", ct);
        var copies = await cluster.ScalarAsync<long>(target, "SELECT count(DISTINCT xmin::text) FROM items", ct);
        Assert.True(copies >= bytes / SmallChunk / 2, $"{bytes} bytes of rows in {SmallChunk}-byte chunks were loaded by {copies} COPY statement(s)");
        Assert.Equal(8000L, await cluster.ScalarAsync<long>(target, "SELECT count(*) FROM items", ct));
    }

    [Fact]
    public async Task Restore_InParallel_ReadsTheDumpOnce()
    {
        // One read serves the load and the checksum, also when the rows go out over several connections.
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("ponce", SampleSchemas.Rows(20000), ct);
        using var workspace = new Workspace(cluster, source);
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var entry = set.Manifest.Find(source)!;
        var store = new CountingSetStore(workspace.Stores.Local);
        var runner = workspace.Restores();
        runner.ChunkBytes = SmallChunk;

        var outcome = await runner.RunAsync(store, new RestoreRequest("latest", source, Into: source + "_copy", Jobs: 2), null, ct);

        Assert.Equal(20000L, outcome.Rows);
        Assert.Equal([entry.File], store.Opened);
        Assert.Equal(new FileInfo(Path.Combine(set.Location, entry.File)).Length, store.BytesRead(entry.File));
    }

    [Fact]
    public async Task Restore_CliInParallel_LogsEachPhaseOnceInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("phases", SampleSchemas.Rows(1000), ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var target = source + "_copy";

        var result = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", target, "--jobs", "2");

        Assert.True(result.ExitCode == 0, result.ToString());
        var phases = result.Stderr.Split('\n')
            .Where(line => line.Contains($"Restore into {target}: ", StringComparison.Ordinal) && line.TrimEnd().EndsWith(" started", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf($"Restore into {target}: ", StringComparison.Ordinal) + $"Restore into {target}: ".Length)..].TrimEnd())
            .ToList();
        Assert.Equal(["pre-data started", "data started", "post-data started"], phases);
        Assert.Equal(1000L, await cluster.ScalarAsync<long>(target, "SELECT count(*) FROM items", ct));
    }

    [Fact]
    public async Task Restore_ByteFlippedDumpInParallel_RefusedAndNothingLeftBehind()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("pflip", SampleSchemas.Rows(20000), ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var file = Path.Combine(set.Location, set.Manifest.Find(source)!.File);
        var bytes = await File.ReadAllBytesAsync(file, ct);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bytes, ct);
        var login = await RestoreLogin.CreateAsync(cluster, ct);
        var target = source + "_copy";

        var result = await workspace.RunAsync(login.Environment, ct, "restore", "latest", "--db", source, "--into", target, "--jobs", "2");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{Path.GetFileName(file)} of set {set.SetId} does not match its manifest", result.Stderr, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(target, ct));
        Assert.Empty(await login.StagingDatabasesAsync(cluster, ct));
    }

    [Fact]
    public async Task Restore_ChecksumMismatchInParallel_RefusedAfterTheWholeLoadAndNothingLeftBehind()
    {
        // The dump itself is sound and loads to its end; only its checksum, taken as it streams, gives it away.
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("psum", SampleSchemas.Rows(20000), ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var entry = set.Manifest.Find(source)!;
        await LocalSetStore.WriteManifestAsync(set.Location, set.Manifest with { Databases = [entry with { Sha256 = new string('0', 64) }] }, ct);
        var login = await RestoreLogin.CreateAsync(cluster, ct);
        var target = source + "_copy";

        var result = await workspace.RunAsync(login.Environment, ct, "restore", "latest", "--db", source, "--into", target, "--jobs", "2");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{entry.File} of set {set.SetId} does not match its manifest", result.Stderr, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(target, ct));
        Assert.Empty(await login.StagingDatabasesAsync(cluster, ct));
    }

    /// <summary>
    /// Backs <paramref name="source"/> up, restores the set once with one connection and once with
    /// <paramref name="jobs"/>, and holds both to the source and to each other.
    /// </summary>
    private async Task AssertParallelSameAsSerialAsync(string source, int jobs, CancellationToken ct)
    {
        using var workspace = new Workspace(cluster, source);
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var dump = set.Manifest.Find(source)!;
        var runner = workspace.Restores();
        runner.ChunkBytes = SmallChunk;
        var serialInto = source + "_serial";
        var parallelInto = source + "_parallel";

        var serial = await runner.RunAsync(new RestoreRequest("latest", source, Into: serialInto, Jobs: 1), null, ct);
        var parallel = await runner.RunAsync(new RestoreRequest("latest", source, Into: parallelInto, Jobs: jobs), null, ct);

        var schema = await Tools.SchemaAsync(source, ct);
        Assert.Equal(schema, await Tools.SchemaAsync(serialInto, ct));
        Assert.Equal(schema, await Tools.SchemaAsync(parallelInto, ct));
        var expected = await DatabaseContents.ReadAsync(cluster, source, ct);
        var fromSerial = await DatabaseContents.ReadAsync(cluster, serialInto, ct);
        var fromParallel = await DatabaseContents.ReadAsync(cluster, parallelInto, ct);
        Assert.Equal(expected.Relations, fromSerial.Relations);
        Assert.Equal(fromSerial.Relations, fromParallel.Relations);
        Assert.Equal(expected.Sequences, fromSerial.Sequences);
        Assert.Equal(fromSerial.Sequences, fromParallel.Sequences);
        Assert.Equal((dump.Tables.Count, dump.Tables.Values.Sum()), (serial.Tables, serial.Rows));
        Assert.Equal((serial.Tables, serial.Rows), (parallel.Tables, parallel.Rows));
    }
}
