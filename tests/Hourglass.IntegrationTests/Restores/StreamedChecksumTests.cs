using System.Text;
using Hourglass.Backups;
using Hourglass.Encryption;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Restores;
using ZstdSharp;

namespace Hourglass.IntegrationTests.Restores;

/// <summary>
/// A restore reads its dump once: the checksum is taken as the dump streams into psql and decided at the end, before
/// psql commits. The damaged dump here is a valid one (the same SQL with one row changed, compressed again, under the
/// old manifest), so psql would load it happily and only the checksum can refuse it.
/// </summary>
public sealed class StreamedChecksumTests(PostgresCluster cluster)
{
    private const string EditedNote = "item 7, edited";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restore_DumpEditedUnderItsOldManifest_RefusedAfterStreamingNewDatabaseDroppedSourceUntouched()
    {
        var (workspace, source, file) = await EditedDumpAsync("edited");
        using var owned = workspace;

        var result = await workspace.RunAsync(Ct, "restore", "latest", "--db", source, "--into", source + "_new");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.Contains($"{file} of set ", line, StringComparison.Ordinal);
        Assert.Contains(" does not match its manifest", line, StringComparison.Ordinal);
        // Refused after streaming: the restore had begun (its database was made) before the mismatch was known.
        var started = result.Stderr.IndexOf($"Restore of {source} from", StringComparison.Ordinal);
        Assert.InRange(started, 0, result.Stderr.IndexOf("error: ", StringComparison.Ordinal));
        Assert.False(await cluster.DatabaseExistsAsync(source + "_new", Ct));
        Assert.Equal(100L, await cluster.ScalarAsync<long>(source, "SELECT count(*) FROM items", Ct));
        Assert.Equal("item 7", await cluster.ScalarAsync<string>(source, "SELECT note FROM items WHERE id = 7", Ct));
    }

    [Fact]
    public async Task Restore_DumpEditedUnderItsOldManifestIntoAnEmptyDatabase_RolledBackAndTheDatabaseKept()
    {
        var (workspace, source, _) = await EditedDumpAsync("rolled");
        using var owned = workspace;
        var empty = await cluster.CreateDatabaseAsync("rolled_into", Ct);

        var result = await workspace.RunAsync(Ct, "restore", "latest", "--db", source, "--into", empty);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not match its manifest", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        // Not the restore's to drop (it existed before), and nothing of the load was committed into it.
        Assert.True(await cluster.DatabaseExistsAsync(empty, Ct));
        Assert.False(await cluster.ScalarAsync<bool>(empty, "SELECT to_regclass('public.items') IS NOT NULL", Ct));
    }

    [Fact]
    public async Task Restore_DumpEditedUnderItsOldManifestWithForce_RestoredWithAWarning()
    {
        var (workspace, source, file) = await EditedDumpAsync("forced_edit");
        using var owned = workspace;

        var result = await workspace.RunAsync(Ct, "restore", "latest", "--db", source, "--into", source + "_b", "--force");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.ErrorLines);
        Assert.Contains($"{file} of set ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("does not match its manifest (SHA-256 ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("restoring it anyway because of --force", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(100L, await cluster.ScalarAsync<long>(source + "_b", "SELECT count(*) FROM items", Ct));
        Assert.Equal(EditedNote, await cluster.ScalarAsync<string>(source + "_b", "SELECT note FROM items WHERE id = 7", Ct));
    }

    [Fact]
    public async Task Restore_EncryptedDumpEditedUnderItsOldManifest_RefusedAndNewDatabaseDropped()
    {
        var source = await cluster.CreateDatabaseAsync("sealed", SampleSchemas.Rows(100), Ct);
        using var workspace = new Workspace(cluster, source);
        var key = await EncryptLocallyAsync(workspace);
        await workspace.Backups().RunAsync(new BackupRequest(), null, Ct);
        var set = Assert.Single(workspace.AllSets());
        var file = set.Manifest!.Find(source)!.File;
        var path = Path.Combine(set.Location, file);
        byte[] compressed;
        await using (var decrypting = await AgeEncryption.DecryptAsync(File.OpenRead(path), AgeIdentity.LoadFile(key.File), file, Ct))
        using (var plain = new MemoryStream())
        {
            await decrypting.CopyToAsync(plain, Ct);
            compressed = Edited(plain.ToArray());
        }

        // Encrypted again to the same key: it decrypts and loads, and only its stored bytes differ from the manifest's.
        await using (var encrypting = AgeEncryption.Encrypt(File.Create(path), [AgeRecipient.Parse(key.Recipient)]))
        {
            await encrypting.WriteAsync(compressed, Ct);
        }

        var error = await Assert.ThrowsAsync<HourglassException>(() => workspace.Restores().RunAsync(new RestoreRequest("latest", source, Into: source + "_new"), null, Ct));

        Assert.Contains($"{file} of set {set.Id} does not match its manifest", error.Message, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(source + "_new", Ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restore_GoodDump_ReadsTheStoredFileOnce(bool encrypted)
    {
        var source = await cluster.CreateDatabaseAsync("once", SampleSchemas.Rows(20_000), Ct);
        using var workspace = new Workspace(cluster, source);
        if (encrypted)
        {
            await EncryptLocallyAsync(workspace);
        }

        await workspace.Backups().RunAsync(new BackupRequest(), null, Ct);
        // The stored manifest: it names the file as stored (encrypted, it ends in .age).
        var set = Assert.Single(workspace.AllSets());
        var entry = set.Manifest!.Find(source)!;
        var store = new CountingSetStore(workspace.Stores.Local);

        var outcome = await workspace.Restores().RunAsync(store, new RestoreRequest("latest", source, Into: source + "_copy"), null, Ct);

        Assert.Equal(20_000L, outcome.Rows);
        Assert.Equal([entry.File], store.Opened);
        Assert.Equal(new FileInfo(Path.Combine(set.Location, entry.File)).Length, store.BytesRead(entry.File));
        Assert.Equal(entry.Encryption is not null, encrypted);
    }

    /// <summary>
    /// A database of 100 rows, backed up, whose dump is then the same SQL with row 7's note changed, compressed again,
    /// under the manifest as it was. Returns the workspace (with a config for CLI runs), the database and the file.
    /// </summary>
    private async Task<(Workspace Workspace, string Source, string File)> EditedDumpAsync(string prefix)
    {
        var source = await cluster.CreateDatabaseAsync(prefix, SampleSchemas.Rows(100), Ct);
        var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig(quiet: true);
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, Ct);
        var file = set.Manifest.Find(source)!.File;
        var path = Path.Combine(set.Location, file);
        await File.WriteAllBytesAsync(path, Edited(await File.ReadAllBytesAsync(path, Ct)), Ct);
        return (workspace, source, file);
    }

    /// <summary>The compressed dump <paramref name="compressed"/> with row 7's note changed, compressed again.</summary>
    private static byte[] Edited(byte[] compressed)
    {
        var sql = Encoding.UTF8.GetString(new Decompressor().Unwrap(compressed));
        var edited = sql.Replace("\n7\titem 7\n", $"\n7\t{EditedNote}\n", StringComparison.Ordinal);
        Assert.NotEqual(sql, edited);
        return new Compressor(3).Wrap(Encoding.UTF8.GetBytes(edited)).ToArray();
    }

    /// <summary>Makes the workspace's engine encrypt its sets at rest, with a new key it can also decrypt with.</summary>
    private static async Task<AgeKey> EncryptLocallyAsync(Workspace workspace)
    {
        var key = await AgeKey.CreateAsync(workspace.Folder, "key.txt", Ct);
        workspace.Options.Encryption.Recipients.Add(key.Recipient);
        workspace.Options.Encryption.IdentityFile = key.File;
        workspace.Options.Encryption.Local = true;
        return key;
    }
}
