using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Targets;

/// <summary>Damaged copies are found and never restored: a byte changed on the target, an encrypted file cut at a chunk boundary.</summary>
public sealed class TargetDamageTests(PostgresCluster cluster, S3Server s3)
{
    private const int Chunk = 64 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task VerifyAndRestoreFromTarget_ByteFlippedInAnObject_VerifyNamesTheFileExit1RestoreRefusedNoDatabase()
    {
        var source = await cluster.CreateDatabaseAsync("flip", SampleSchemas.Rows(2000), Ct);
        using var workspace = new Workspace(cluster, source);
        var offsite = await Offsite.CreateAsync(s3, Ct);
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target()));
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup", "--tier", "daily")).ExitCode);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "copy", "latest", "--to", "offsite")).ExitCode);
        var set = Assert.Single(workspace.AllSets()).Id;
        var file = source + ".sql.zst";
        var bytes = await offsite.ReadAsync(Offsite.KeyOf(set, file), Ct);
        bytes[bytes.Length / 2] ^= 0x01;
        await offsite.WriteAsync(Offsite.KeyOf(set, file), bytes, Ct);

        var verify = await workspace.RunAsync(Ct, "verify", "--target", "offsite");
        var restore = await workspace.RunAsync(Ct, "restore", "latest", "--db", source, "--target", "offsite", "--into", source + "_new");

        Assert.Equal(1, verify.ExitCode);
        Assert.Contains($"FAIL  {file}", verify.Stdout, StringComparison.Ordinal);
        Assert.Contains("verified: FAILED", verify.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, restore.ExitCode);
        var line = Assert.Single(restore.ErrorLines);
        Assert.Contains($"{file} of set {set} does not match its manifest", line, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(source + "_new", Ct));
    }

    [Fact]
    public async Task RestoreForce_LocalEncryptedFileCutAtAChunkBoundary_RefusedAndNoDatabaseLeft()
    {
        var source = await cluster.CreateDatabaseAsync("cut", SampleSchemas.Incompressible(10_000), Ct);
        using var workspace = new Workspace(cluster, source);
        var key = await AgeKey.CreateAsync(workspace.Folder, "key.txt", Ct);
        Offsite.WriteConfig(workspace, new Dictionary<string, object>(), key, localEncryption: true);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup", "--tier", "daily")).ExitCode);
        var set = Assert.Single(workspace.AllSets());
        var path = Path.Combine(set.Location, source + ".sql.zst.age");
        var file = await File.ReadAllBytesAsync(path, Ct);

        // Two whole chunks of more: every byte left is authentic, only the last chunk (and its flag) is missing.
        var payload = file.AsSpan().IndexOf("\n--- "u8) + 5 + 43 + 1 + 16;
        var cut = payload + (2 * (Chunk + 16));
        Assert.True(file.Length > cut + Chunk, $"the file has {file.Length} bytes: make the dump larger");
        await File.WriteAllBytesAsync(path, file[..cut], Ct);
        var restore = await workspace.RunAsync(Ct, "restore", "latest", "--db", source, "--into", source + "_new", "--force");

        Assert.Equal(1, restore.ExitCode);
        Assert.Contains("it is truncated", restore.Stderr, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(source + "_new", Ct));
    }
}
