using System.Security.Cryptography;
using System.Text;
using Hourglass.IntegrationTests.Infrastructure;
using ZstdSharp;

namespace Hourglass.IntegrationTests.Targets;

/// <summary>An encrypting target holds nothing readable without the key, and what it holds the age tool itself reads.</summary>
public sealed class TargetEncryptionTests(PostgresCluster cluster, S3Server s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Copy_ToEncryptingTarget_NoObjectHoldsRowData_AgeAndZstdReadTheDumpBack()
    {
        var marker = Guid.NewGuid().ToString("N");
        var source = await cluster.CreateDatabaseAsync("marker", $"{SampleSchemas.Rows(500)} CREATE TABLE notes (note text); INSERT INTO notes VALUES ('{marker}');", Ct);
        using var workspace = new Workspace(cluster, source);
        var offsite = await Offsite.CreateAsync(s3, Ct);
        var key = await AgeKey.CreateAsync(workspace.Folder, "key.txt", Ct);
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target(encrypt: true)), key);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup", "--tier", "daily")).ExitCode);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "copy", "latest", "--to", "offsite")).ExitCode);
        var set = Assert.Single(workspace.AllSets());

        var keys = await offsite.KeysAsync(Ct);
        var objects = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var objectKey in keys)
        {
            objects[objectKey] = await offsite.ReadAsync(objectKey, Ct);
        }

        var local = new Decompressor().Unwrap(await File.ReadAllBytesAsync(Path.Combine(set.Location, source + ".sql.zst"), Ct)).ToArray();
        Assert.Contains(marker, Encoding.UTF8.GetString(local), StringComparison.Ordinal);
        Assert.Contains(Offsite.KeyOf(set.Id, source + ".sql.zst.age"), keys);
        Assert.All(objects, o => Assert.False(o.Value.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker)) >= 0, $"{o.Key} holds the marker"));

        // A person with the key and no Hourglass: age -d, then zstd -dc.
        var encrypted = Path.Combine(workspace.Folder, "download.sql.zst.age");
        var decrypted = Path.Combine(workspace.Folder, "download.sql.zst");
        await File.WriteAllBytesAsync(encrypted, objects[Offsite.KeyOf(set.Id, source + ".sql.zst.age")], Ct);
        await Tools.RunAsync("age", Ct, "-d", "-i", key.File, "-o", decrypted, encrypted);
        var sql = await Tools.RunAsync("zstd", Ct, "-dc", decrypted);
        Assert.Contains(marker, sql, StringComparison.Ordinal);
        var stored = (await offsite.ManifestAsync(set.Id, Ct)).Find(source)!;
        Assert.Equal(stored.DecryptedSha256, Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(decrypted, Ct))));
        Assert.Equal(set.Manifest!.Find(source)!.Sha256, stored.DecryptedSha256);
    }

    [Fact]
    public async Task RestoreFromTarget_IdentityOfAnotherKey_OneLineExit2AndNoDatabase()
    {
        var source = await cluster.CreateDatabaseAsync("wrongkey", SampleSchemas.Rows(100), Ct);
        using var workspace = new Workspace(cluster, source);
        var offsite = await Offsite.CreateAsync(s3, Ct);
        var key = await AgeKey.CreateAsync(workspace.Folder, "key.txt", Ct);
        var other = await AgeKey.CreateAsync(workspace.Folder, "other.txt", Ct);
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target(encrypt: true)), key);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup", "--tier", "daily")).ExitCode);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "copy", "latest", "--to", "offsite")).ExitCode);
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target(encrypt: true)), key, identityFile: other.File);

        var restore = await workspace.RunAsync(Ct, "restore", "latest", "--db", source, "--target", "offsite", "--into", source + "_new");

        Assert.Equal(2, restore.ExitCode);
        var line = Assert.Single(restore.ErrorLines);
        Assert.Contains($"{source}.sql.zst.age is encrypted to a different key: the identity file {other.File} does not match", line, StringComparison.Ordinal);
        Assert.DoesNotContain(other.Secret, restore.Stdout + restore.Stderr, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(source + "_new", Ct));
    }
}
