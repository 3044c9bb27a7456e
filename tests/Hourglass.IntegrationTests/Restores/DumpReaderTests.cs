using System.Security.Cryptography;
using Hourglass.Backups;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Restores;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Restores;

/// <summary>The dump reader against real pg_dump output of the round-trip schema, checked against the manifest and pg_restore.</summary>
public sealed class DumpReaderTests(PostgresCluster cluster)
{
    private const string Schema = SampleSchemas.RichWithEdgeCases;

    [Fact]
    public async Task ReadEntries_RealDump_ReproducesItByteForByte()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, _, _, file) = await BackUpAsync("bytes", ct);
        using var _ = workspace;
        var whole = SHA256.Create();
        var parts = SHA256.Create();
        var length = 0L;
        await ReadPlainAsync(file, async plain =>
        {
            var buffer = new byte[1 << 16];
            int read;
            while ((read = await plain.ReadAsync(buffer, ct)) > 0)
            {
                whole.TransformBlock(buffer, 0, read, null, 0);
                length += read;
            }
        });

        var rebuilt = 0L;
        void Add(ReadOnlySpan<byte> bytes)
        {
            parts.TransformBlock(bytes.ToArray(), 0, bytes.Length, null, 0);
            rebuilt += bytes.Length;
        }

        await ReadPlainAsync(file, async plain =>
        {
            using var reader = await DumpReader.OpenAsync(plain, ct);
            Add(reader.Preamble.Span);
            DumpEntry? previous = null;
            await foreach (var entry in reader.ReadEntriesAsync(ct))
            {
                Add(previous is null ? [] : previous.Trailer.Span);
                Add(entry.Sql.Span);
                if (entry.Copy is { } copy)
                {
                    DumpRows rows;
                    while (!(rows = await copy.ReadAsync(ct)).IsEnd)
                    {
                        Add(rows.Data.Span);
                    }
                }

                previous = entry;
            }

            Add(previous is null ? [] : previous.Trailer.Span);
            Add(reader.Epilogue.Span);
        });

        whole.TransformFinalBlock([], 0, 0);
        parts.TransformFinalBlock([], 0, 0);
        Assert.Equal(length, rebuilt);
        Assert.Equal(whole.Hash, parts.Hash);
    }

    [Fact]
    public async Task Copy_RealDump_CountsTheManifestsRowsPerTable()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, _, dump, file) = await BackUpAsync("rows", ct);
        using var _ = workspace;
        var counted = new Dictionary<string, long>();
        await ReadPlainAsync(file, async plain =>
        {
            using var reader = await DumpReader.OpenAsync(plain, ct);
            await foreach (var entry in reader.ReadEntriesAsync(ct))
            {
                if (entry.Copy is { } copy)
                {
                    while (!(await copy.ReadAsync(ct)).IsEnd)
                    {
                    }

                    counted[copy.Table] = copy.Rows;
                }
            }
        });

        Assert.Equal(dump.Tables.OrderBy(t => t.Key, StringComparer.Ordinal), counted.OrderBy(t => t.Key, StringComparer.Ordinal));
        Assert.Equal(4L, counted["public.\"we.ird \"\"names\"\"\""]);
        Assert.Equal(0L, counted["public.empty"]);
    }

    [Fact]
    public async Task ReadEntries_RealDump_SectionsMatchPgRestoreOfACustomFormatDump()
    {
        var ct = TestContext.Current.CancellationToken;
        var (workspace, database, _, file) = await BackUpAsync("sections", ct);
        using var _ = workspace;
        var custom = Path.Combine(Path.GetTempPath(), $"hourglass-sections-{Guid.NewGuid():N}.dump");
        try
        {
            await Tools.RunAsync("pg_dump", ct, "--format=custom", "--file=" + custom, "--dbname=" + Hourglass.Postgres.ConnInfo.DbName(database));
            var ours = new List<(DumpSection Section, string Line)>();
            await ReadPlainAsync(file, async plain =>
            {
                using var reader = await DumpReader.OpenAsync(plain, ct);
                await foreach (var entry in reader.ReadEntriesAsync(ct))
                {
                    ours.Add((entry.Section, $"{entry.Type} {entry.Schema ?? "-"} {entry.Name} {entry.Owner}"));
                }
            });

            // A grant has no section of its own: pg_restore counts it with the object before it in its list, while a
            // plain dump writes every grant last, after post-data, which is where the reader puts it.
            Assert.All(ours.Where(o => o.Line.StartsWith("ACL ", StringComparison.Ordinal)), o => Assert.Equal(DumpSection.PostData, o.Section));
            Assert.Contains(ours, o => o.Line.StartsWith("ACL ", StringComparison.Ordinal));
            foreach (var (section, name) in new[] { (DumpSection.PreData, "pre-data"), (DumpSection.Data, "data"), (DumpSection.PostData, "post-data") })
            {
                var listed = (await Tools.RunAsync("pg_restore", ct, "--list", "--section=" + name, custom))
                    .Split('\n')
                    .Where(line => line.Length > 0 && !line.StartsWith(';'))
                    .Select(line => string.Join(' ', line[(line.IndexOf("; ", StringComparison.Ordinal) + 2)..].Split(' ').Skip(2)))
                    .Where(line => !line.StartsWith("ACL ", StringComparison.Ordinal))
                    .Order(StringComparer.Ordinal);
                var read = ours.Where(o => o.Section == section && !o.Line.StartsWith("ACL ", StringComparison.Ordinal)).Select(o => o.Line).Order(StringComparer.Ordinal);
                Assert.Equal(listed, read);
            }
        }
        finally
        {
            File.Delete(custom);
        }
    }

    /// <summary>A backup of a new database of <see cref="Schema"/>; the dump's file lives as long as the workspace.</summary>
    private async Task<(Workspace Workspace, string Database, DatabaseDump Dump, string File)> BackUpAsync(string prefix, CancellationToken cancellationToken)
    {
        var database = await cluster.CreateDatabaseAsync(prefix, Schema, cancellationToken);
        var workspace = new Workspace(cluster, database);
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, cancellationToken);
        var dump = set.Manifest.Find(database)!;
        return (workspace, database, dump, Path.Combine(set.Location, dump.File));
    }

    /// <summary>Hands <paramref name="read"/> the dump as plain SQL.</summary>
    private static async Task ReadPlainAsync(string file, Func<Stream, Task> read)
    {
        await using var stored = File.OpenRead(file);
        await using var plain = CompressionCodec.FromName("zstd").Decompress(stored);
        await read(plain);
    }
}
