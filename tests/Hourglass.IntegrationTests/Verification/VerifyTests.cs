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
    [InlineData("none")]
    [InlineData("gzip")]
    public async Task Verify_SetOfAnyCompression_Passes(string compression)
    {
        var database = await cluster.CreateDatabaseAsync("plain_" + compression, SampleSchemas.Rows(1000), Ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig(compression);
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup")).ExitCode);

        var result = await workspace.RunAsync(Ct, "verify");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("verified: passed", result.Stdout, StringComparison.Ordinal);
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

    /// <summary>Rewrites the set's manifest with <paramref name="change"/> applied to <paramref name="database"/>'s entry.</summary>
    private static Task EditEntryAsync(BackupOutcome set, string database, Func<DatabaseDump, DatabaseDump> change) =>
        LocalSetStore.WriteManifestAsync(set.Location, set.Manifest with { Databases = [.. set.Manifest.Databases.Select(d => d.Name == database ? change(d) : d)] }, Ct);

    /// <summary>
    /// What a verification that could not run leaves: exit 1 with one error line (returned), nothing recorded in the
    /// manifest, no FAILED verdict, and no scratch database.
    /// </summary>
    private async Task<string> CouldNotRunAsync(BackupOutcome set, CliResult result, string database)
    {
        Assert.Equal(JsonValueKind.Null, (await VerificationOnDiskAsync(set)).ValueKind);
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("unexpected", line, StringComparison.Ordinal);
        Assert.DoesNotContain("FAILED", result.Stdout, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(SetVerifier.ScratchName(database, set.SetId), Ct));
        return line;
    }

    /// <summary>The manifest's <c>verification</c> as written on disk, read without the validation a damaged manifest fails.</summary>
    private static async Task<JsonElement> VerificationOnDiskAsync(BackupOutcome set)
    {
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(set.Location, Manifest.FileName), Ct));
        return json.RootElement.GetProperty("verification").Clone();
    }

    /// <summary>
    /// Adds <paramref name="table"/> to <paramref name="database"/>'s tables in the manifest, with <c>{0}</c> standing for
    /// a new role that the SQL in it would drop: roles are cluster-wide, so the role outlives the scratch database.
    /// </summary>
    private async Task<(string Table, string Victim)> AddTableAsync(BackupOutcome set, string database, string table)
    {
        var victim = $"hourglass_victim_{Guid.NewGuid():N}"[..30];
        await cluster.ExecuteAsync("postgres", $"CREATE ROLE {victim}", Ct);
        var name = string.Format(System.Globalization.CultureInfo.InvariantCulture, table, victim);
        await EditEntryAsync(set, database, d => d with { Tables = new Dictionary<string, long>(d.Tables) { [name] = 1 } });
        return (name, victim);
    }

    /// <summary>Asserts the victim role of <see cref="AddTableAsync"/> is still there, then drops it.</summary>
    private async Task AssertNoSqlRanAsync(string victim, CliResult result)
    {
        Assert.True(await cluster.ScalarAsync<bool>("postgres", $"SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{victim}')", Ct), "the manifest's SQL ran: " + result);
        await cluster.ExecuteAsync("postgres", $"DROP ROLE {victim}", Ct);
    }

    /// <summary>Asserts the run failed with one line calling the set's manifest damaged for <paramref name="expected"/>, and wrote nothing into it.</summary>
    private static async Task AssertDamagedManifestAsync(CliResult result, BackupOutcome set, string expected)
    {
        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: set {set.SetId} cannot be verified: damaged manifest.json: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, (await VerificationOnDiskAsync(set)).ValueKind);
    }

    [Theory]
    [InlineData("public.people; DROP ROLE {0}; --")]
    [InlineData("public.x\"; DROP ROLE {0}; --")]
    public async Task VerifyRestore_TableNameCarryingSql_RunsNoSqlAndReportsADamagedManifest(string table)
    {
        var (workspace, set, first, _) = await BackedUpAsync("inject");
        using var disposeWorkspace = workspace;
        var (_, victim) = await AddTableAsync(set, first, table);

        var result = await workspace.RunAsync(Ct, "verify", "--restore", set.SetId.ToString());

        await AssertNoSqlRanAsync(victim, result);
        await AssertDamagedManifestAsync(result, set, "is not a schema-qualified table name");
    }

    [Fact]
    public async Task VerifyRestore_QuotedTableNameNotInTheDump_QuotedAsOneNameAndReportedMissing()
    {
        var (workspace, set, first, _) = await BackedUpAsync("quoted");
        using var disposeWorkspace = workspace;
        // A legal name as pg_dump would quote it; a query that pasted it between quotes without doubling them would run the DROP.
        var (table, victim) = await AddTableAsync(set, first, "public.\"x\"\"; DROP ROLE {0}; --\"");

        var result = await workspace.RunAsync(Ct, "verify", "--restore", "--json", set.SetId.ToString());

        await AssertNoSqlRanAsync(victim, result);
        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var problems = json.RootElement.GetProperty("verification").GetProperty("problems").EnumerateArray().Select(p => p.GetString()!).ToList();
        // Missing from the file's COPY blocks, and from the test restore once counted under its exact quoted name.
        Assert.Equal(2, problems.Count);
        Assert.All(problems, p => Assert.Contains($"table {table} is missing (1 rows in the manifest)", p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../../../../../../../../../../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    public async Task Verify_ManifestFileNameOutsideTheSet_DamagedManifestNothingRead(string file)
    {
        var (workspace, set, first, _) = await BackedUpAsync("escape");
        using var disposeWorkspace = workspace;
        await EditEntryAsync(set, first, d => d with { File = file });

        var result = await workspace.RunAsync(Ct, "verify", set.SetId.ToString());

        await AssertDamagedManifestAsync(result, set, "is not a plain file name");
        Assert.DoesNotContain("passwd", result.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PATH", "", "error: psql was not found on PATH")]
    // libpq reads PGSSLMODE and Npgsql does not, and the test cluster has no SSL: the scratch database is created, then
    // psql cannot connect (exit 2).
    [InlineData("PGSSLMODE", "require", "restore into 'hourglass_verify_nopsql_a_")]
    public async Task VerifyRestore_PsqlCannotRun_FailsWithOneLineAndLeavesTheManifestUntouched(string variable, string value, string expected)
    {
        var (workspace, set, first, _) = await BackedUpAsync("nopsql");
        using var disposeWorkspace = workspace;

        var result = await workspace.RunAsync(new Dictionary<string, string?> { [variable] = value }, Ct, "verify", "--restore");

        var line = await CouldNotRunAsync(set, result, first);
        Assert.Contains(expected, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyRestore_RoleMayNotSetTheDumpsOwners_CouldNotRunAndTheManifestIsUntouched()
    {
        // A role that may create the scratch database but not give its objects to their owner (postgres): psql stops
        // with 42501 at the dump's ALTER … OWNER TO. That is the server refusing the work, not the dump being bad.
        var (workspace, set, first, second) = await BackedUpAsync("noowner");
        using var disposeWorkspace = workspace;
        var role = "hg_verifier_" + Guid.NewGuid().ToString("N")[..8];
        await cluster.ExecuteAsync("postgres", $"CREATE ROLE {role} LOGIN CREATEDB PASSWORD '{cluster.Password}'", Ct);
        workspace.WriteConfig(new { databases = new[] { first, second }, connection = new { host = cluster.Host, port = cluster.Port, username = role } });

        var result = await workspace.RunAsync(Ct, "verify", "--restore");

        Assert.Contains("must be", await CouldNotRunAsync(set, result, first), StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyRestore_ServerNotAnswering_FailsWithOneLineAndLeavesTheManifestUntouched()
    {
        var (workspace, set, first, second) = await BackedUpAsync("noserver");
        using var disposeWorkspace = workspace;
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var closedPort = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        workspace.WriteConfig(new { databases = new[] { first, second }, connection = new { host = "127.0.0.1", port = closedPort, username = cluster.User } });

        var result = await workspace.RunAsync(Ct, "verify", "--restore");

        var line = await CouldNotRunAsync(set, result, first);
        Assert.StartsWith("error: cannot connect to PostgreSQL at 127.0.0.1:" + closedPort, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyRestore_InterruptedBySigint_ScratchDatabaseDropped()
    {
        // Enough rows that the load lasts seconds: the signal must land while psql loads, and on a loaded machine
        // its delivery took longer than what was left of a shorter load (seen twice with 400,000 rows).
        var database = await cluster.CreateDatabaseAsync("sigint", SampleSchemas.Incompressible(1_200_000), Ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig();
        Assert.Equal(0, (await workspace.RunAsync(Ct, "backup")).ExitCode);
        const string scratchExists = "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname LIKE 'hourglass\\_verify\\_sigint%')";
        // Interrupted while psql is loading the rows, not merely once the scratch database exists: a load that
        // finished first left nothing to interrupt, and the test failed by chance.
        const string loading = "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE datname LIKE 'hourglass\\_verify\\_sigint%' AND query LIKE 'COPY public.noise %')";

        using var process = CliRun.Start(workspace.Folder, null, "verify", "--restore");
        await Eventually.GetAsync(
            async () => process.HasExited ? throw new InvalidOperationException("verify ended before psql was seen loading") : await cluster.ScalarAsync<bool>("postgres", loading, Ct) ? "yes" : null,
            TimeSpan.FromSeconds(30),
            "psql to load the scratch database");
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
