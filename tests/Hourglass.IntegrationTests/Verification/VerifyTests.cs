using System.Text.Json;
using Hourglass.Backups;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;
using Hourglass.Verification;
using ZstdSharp;

namespace Hourglass.IntegrationTests.Verification;

public sealed class VerifyTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Two databases backed up into one set, through the CLI's config.</summary>
    private async Task<(Workspace Workspace, BackupOutcome Set, string First, string Second)> BackedUpAsync(string prefix)
    {
        var first = await cluster.CreateDatabaseAsync(prefix + "_a", SampleSchemas.Rich, Ct);
        var second = await cluster.CreateDatabaseAsync(prefix + "_b", SampleSchemas.Incompressible(20_000), Ct);
        var workspace = new Workspace(cluster, first, second);
        workspace.WriteDefaultConfig();
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, Ct);
        Assert.True(set.Complete);
        return (workspace, set, first, second);
    }

    private static string PathOf(BackupOutcome set, string database) => Path.Combine(set.Location, set.Manifest.Find(database)!.File);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Verify_GoodSet_PassesAndTheManifestRecordsIt(bool restore)
    {
        var (workspace, set, first, _) = await BackedUpAsync(restore ? "good_r" : "good");
        using var disposeWorkspace = workspace;

        var result = await workspace.RunAsync(Ct, restore ? ["verify", "--restore"] : ["verify"]);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("verified: passed", result.Stdout, StringComparison.Ordinal);
        var verification = Manifests.Read(set.Location)!.Verification!;
        Assert.Equal((VerificationStatus.Passed, restore), (verification.Status, verification.Restore));
        Assert.Equal(3, verification.Files.Count);
        var rich = verification.Files.Single(f => f.Database == first);
        if (restore)
        {
            Assert.Equal(5, rich.TablesCompared);
            Assert.Equal(2500 + 1200 + 300 + 214 + 187, rich.RowsCompared);
            Assert.Equal(2, rich.Objects!["views"]);
            Assert.True(rich.Objects["functions"] >= 1);
        }
        else
        {
            Assert.Null(rich.TablesCompared);
        }
    }

    [Theory]
    [InlineData("flip", "has SHA-256")]
    [InlineData("truncate", "bytes, the manifest says")]
    [InlineData("swap", "has SHA-256")]
    [InlineData("missing", "is missing")]
    [InlineData("globals", "globals.sql.zst is missing")]
    public async Task Verify_DamagedFile_CaughtNamedAndExit1(string damage, string expected)
    {
        var (workspace, set, first, second) = await BackedUpAsync("damaged_" + damage);
        using var disposeWorkspace = workspace;
        var target = PathOf(set, first);
        var bytes = await File.ReadAllBytesAsync(target, Ct);
        switch (damage)
        {
            case "flip":
                bytes[bytes.Length / 2] ^= 0x01;
                await File.WriteAllBytesAsync(target, bytes, Ct);
                break;
            case "truncate":
                await File.WriteAllBytesAsync(target, bytes[..^3000], Ct);
                break;
            case "swap":
                File.Copy(PathOf(set, second), target, overwrite: true);
                break;
            case "missing":
                File.Delete(target);
                break;
            case "globals":
                File.Delete(Path.Combine(set.Location, "globals.sql.zst"));
                break;
        }

        var result = await workspace.RunAsync(Ct, "verify");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("verified: FAILED", result.Stdout, StringComparison.Ordinal);
        Assert.Contains(expected, result.Stdout, StringComparison.Ordinal);
        var file = damage == "globals" ? "globals.sql.zst" : Path.GetFileName(target);
        Assert.Contains($"FAIL  {file}", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(VerificationStatus.Failed, Manifests.Read(set.Location)!.Verification!.Status);
    }

    [Fact]
    public async Task VerifyRestore_ManifestRowCountEdited_RestoreComparisonNamesTheTable()
    {
        var (workspace, set, first, _) = await BackedUpAsync("edited");
        using var disposeWorkspace = workspace;
        var manifest = set.Manifest;
        var entry = manifest.Find(first)!;
        var tables = entry.Tables.ToDictionary(StringComparer.Ordinal);
        tables["billing.invoices"] = 1201;
        await LocalSetStore.WriteManifestAsync(set.Location, manifest with { Databases = [.. manifest.Databases.Select(d => d.Name == first ? d with { Tables = tables } : d)] }, Ct);

        var result = await workspace.RunAsync(Ct, "verify", "--restore", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var problems = json.RootElement.GetProperty("verification").GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        Assert.Contains(problems, p => p.Contains("table billing.invoices has 1200 rows (after a test restore), the manifest says 1201", StringComparison.Ordinal));
        Assert.False(await cluster.ScalarAsync<bool>("postgres", "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname LIKE 'hourglass\\_verify\\_edited%')", Ct));
    }

    [Fact]
    public async Task VerifyRestore_DumpThatFailsHalfway_ScratchDatabaseDropped()
    {
        var (workspace, set, first, _) = await BackedUpAsync("halfway");
        using var disposeWorkspace = workspace;
        var entry = set.Manifest.Find(first)!;
        var sql = System.Text.Encoding.UTF8.GetString(new Decompressor().Unwrap(await File.ReadAllBytesAsync(PathOf(set, first), Ct)));
        var broken = new Compressor(3).Wrap(System.Text.Encoding.UTF8.GetBytes(sql.Replace("COPY billing.invoices", "SELECT 1/0;\nCOPY billing.invoices", StringComparison.Ordinal))).ToArray();
        await File.WriteAllBytesAsync(PathOf(set, first), broken, Ct);
        var fixedEntry = entry with { Bytes = broken.Length, RawBytes = System.Text.Encoding.UTF8.GetByteCount(sql) + "SELECT 1/0;\n".Length, Sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(broken)) };
        await LocalSetStore.WriteManifestAsync(set.Location, set.Manifest with { Databases = [.. set.Manifest.Databases.Select(d => d.Name == first ? fixedEntry : d)] }, Ct);

        var result = await workspace.RunAsync(Ct, "verify", "--restore");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("does not restore: restore into 'hourglass_verify_halfway", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("division by zero", result.Stdout, StringComparison.Ordinal);
        Assert.False(await cluster.ScalarAsync<bool>("postgres", "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname LIKE 'hourglass\\_verify\\_halfway%')", Ct));
    }

    [Fact]
    public async Task VerifyRestore_InterruptedBySigint_ScratchDatabaseDropped()
    {
        var database = await cluster.CreateDatabaseAsync("sigint", SampleSchemas.Incompressible(400_000), Ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig();
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup")).ExitCode);
        const string scratchExists = "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname LIKE 'hourglass\\_verify\\_sigint%')";

        using var process = CliRun.Start(workspace.Folder, null, "verify", "--restore");
        await Eventually.GetAsync(async () => await cluster.ScalarAsync<bool>("postgres", scratchExists, Ct) ? "yes" : null, TimeSpan.FromSeconds(30), "the scratch database");
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System, Ct);
        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Ct);
        }

        await process.WaitForExitAsync(Ct);

        Assert.Equal(1, process.ExitCode);
        Assert.False(await cluster.ScalarAsync<bool>("postgres", scratchExists, Ct));
    }

    [Fact]
    public async Task VerifyRestore_Keep_LeavesTheScratchDatabaseAndSaysSo()
    {
        var (workspace, set, first, _) = await BackedUpAsync("kept");
        using var disposeWorkspace = workspace;
        var scratch = SetVerifier.ScratchName(first, set.SetId);

        var result = await workspace.RunAsync(Ct, "verify", "--restore", "--keep", "--db", first);

        try
        {
            Assert.Equal(0, result.ExitCode);
            Assert.Contains($"kept scratch database {scratch}", result.Stdout, StringComparison.Ordinal);
            Assert.Equal(2500L, await cluster.ScalarAsync<long>(scratch, "SELECT count(*) FROM public.people", Ct));
        }
        finally
        {
            await cluster.ExecuteAsync("postgres", $"DROP DATABASE IF EXISTS \"{scratch}\"", Ct);
        }
    }
}
