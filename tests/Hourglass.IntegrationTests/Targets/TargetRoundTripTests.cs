using System.Text.Json;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Targets;

/// <summary>
/// The disaster drill through the real CLI: a set copied off-site comes back from the target alone, with the local
/// root and the ledger gone; and sets encrypted in the local root itself.
/// </summary>
public sealed class TargetRoundTripTests(PostgresCluster cluster, S3Server s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RestoreFromTarget_LocalRootAndLedgerDeleted_SameSchemaAndTheManifestsRowCounts(bool encrypt)
    {
        var source = await cluster.CreateDatabaseAsync("drill", SampleSchemas.Rich, Ct);
        using var workspace = new Workspace(cluster, source);
        var offsite = await Offsite.CreateAsync(s3, Ct);
        var key = encrypt ? await AgeKey.CreateAsync(workspace.Folder, "key.txt", Ct) : null;
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target(encrypt: encrypt)), key);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup", "--tier", "daily")).ExitCode);
        var set = Assert.Single(workspace.AllSets()).Id;
        var copy = await workspace.RunAsync(Ct, "copy", "latest", "--to", "offsite");
        Assert.Equal(0, (await workspace.RunAsync(Ct, "jobs")).ExitCode);
        Assert.True(File.Exists(Path.Combine(workspace.Root, "hourglass.db")), "the ledger is in the backup root");

        Directory.Delete(workspace.Root, recursive: true);
        var list = await workspace.RunAsync(Ct, "list", "--target", "offsite", "--json");
        var restore = await workspace.RunAsync(Ct, "restore", "latest", "--db", source, "--target", "offsite", "--into", source + "_back");

        Assert.Equal(0, copy.ExitCode);
        Assert.Contains($"Copied {set} to target offsite", copy.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, list.ExitCode);
        var listed = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.GetProperty("sets").EnumerateArray());
        Assert.Equal((set.ToString(), "complete"), (listed.GetProperty("id").GetString(), listed.GetProperty("status").GetString()));
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains($"Restored {source} from {set} into {source}_back", restore.Stdout, StringComparison.Ordinal);
        Assert.Equal(await Tools.SchemaAsync(source, Ct), await Tools.SchemaAsync(source + "_back", Ct));
        var dump = (await offsite.ManifestAsync(set, Ct)).Find(source)!;
        Assert.Equal(encrypt ? (source + ".sql.zst.age", "age") : (source + ".sql.zst", null), (dump.File, dump.Encryption));
        Assert.True(dump.Tables.Count >= 5, string.Join(", ", dump.Tables.Keys));
        foreach (var (table, rows) in dump.Tables)
        {
            Assert.Equal((table, rows), (table, await cluster.ScalarAsync<long>(source + "_back", $"SELECT count(*) FROM {table}", Ct)));
        }
    }

    [Fact]
    public async Task Backup_LocalEncryption_AgeFilesListedAndVerifiedWithoutIdentityRestoredWithIt()
    {
        var source = await cluster.CreateDatabaseAsync("sealed", SampleSchemas.Rows(1500), Ct);
        using var workspace = new Workspace(cluster, source);
        var offsite = await Offsite.CreateAsync(s3, Ct);
        var key = await AgeKey.CreateAsync(workspace.Folder, "key.txt", Ct);
        // The backup host holds only the public key.
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target()), key, localEncryption: true, withIdentity: false);

        var backup = await workspace.RunAsync(Ct, "backup", "--tier", "daily");
        var list = await workspace.RunAsync(Ct, "list");
        var verify = await workspace.RunAsync(Ct, "verify");
        var set = Assert.Single(workspace.AllSets());
        Offsite.WriteConfig(workspace, Offsite.Only(offsite.Target()), key, localEncryption: true);
        var restore = await workspace.RunAsync(Ct, "restore", "latest", "--db", source, "--into", source + "_back");

        Assert.Equal(0, backup.ExitCode);
        var files = Directory.GetFiles(set.Location).Select(Path.GetFileName).Where(f => f != Manifest.FileName).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.EndsWith(".sql.zst.age", f, StringComparison.Ordinal));
        var manifest = Manifests.Read(set.Location)!;
        Assert.Equal((source + ".sql.zst.age", "age"), (manifest.Find(source)!.File, manifest.Find(source)!.Encryption));
        Assert.Equal(0, list.ExitCode);
        Assert.Contains(set.Id.ToString(), list.Stdout, StringComparison.Ordinal);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("verified: passed", verify.Stdout, StringComparison.Ordinal);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Equal(1500L, await cluster.ScalarAsync<long>(source + "_back", "SELECT count(*) FROM items", Ct));
    }
}
