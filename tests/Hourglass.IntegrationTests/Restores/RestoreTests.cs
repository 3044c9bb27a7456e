using System.Security.Cryptography;
using Hourglass.Backups;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Restores;
using Hourglass.Storage;
using ZstdSharp;

namespace Hourglass.IntegrationTests.Restores;

public sealed class RestoreTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Restore_IntoNonEmptyDatabaseWithoutForce_RefusedAndUntouched()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("src", SampleSchemas.Rows(10), ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        Assert.Equal(0, (await workspace.RunAsync(ct, "backup")).ExitCode);
        await cluster.ExecuteAsync(source, "INSERT INTO items VALUES (999, 'added later')", ct);

        var result = await workspace.RunAsync(ct, "restore", "latest", "--db", source);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"database '{source}' is not empty", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(11L, await cluster.ScalarAsync<long>(source, "SELECT count(*) FROM items", ct));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Restore_WithForce_ReplacesTheDatabase(bool targetInUse)
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("force", SampleSchemas.Rows(10), ct);
        using var workspace = new Workspace(cluster, source);
        await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        await cluster.ExecuteAsync(source, "INSERT INTO items VALUES (999, 'added later'); CREATE TABLE extra (x int);", ct);
        // A session still connected to the old database does not stop --force: its sessions are ended.
        await using var session = new Npgsql.NpgsqlConnection(cluster.ConnectionString(source));
        if (targetInUse)
        {
            await session.OpenAsync(ct);
        }

        // Restored as a login of its own, so what is left behind is this restore's, not that of one another test runs meanwhile.
        var login = await RestoreLogin.CreateAsync(cluster, ct);
        workspace.Options.Connection.Username = login.Name;
        var replaced = await cluster.ScalarAsync<long>("postgres", $"SELECT oid::bigint FROM pg_database WHERE datname = '{source}'", ct);

        var outcome = await workspace.Restores().RunAsync(new RestoreRequest("latest", source, Force: true), null, ct);

        Assert.True(outcome.Replaced);
        Assert.Equal(10L, await cluster.ScalarAsync<long>(source, "SELECT count(*) FROM items", ct));
        Assert.False(await cluster.ScalarAsync<bool>(source, "SELECT to_regclass('extra') IS NOT NULL", ct));
        Assert.Empty(await login.StagingDatabasesAsync(cluster, ct));
        Assert.False(await cluster.ScalarAsync<bool>("postgres", $"SELECT EXISTS (SELECT 1 FROM pg_database WHERE oid = {replaced})", ct));
    }

    [Fact]
    public async Task Restore_ByteFlipped_RefusedAsDamagedAndNewDatabaseDropped()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("sum", SampleSchemas.Rows(500), ct);
        using var workspace = new Workspace(cluster, source);
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var file = Path.Combine(set.Location, set.Manifest.Find(source)!.File);
        var bytes = await File.ReadAllBytesAsync(file, ct);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bytes, ct);

        var error = await Assert.ThrowsAsync<HourglassException>(() => workspace.Restores().RunAsync(new RestoreRequest("latest", source, Into: source + "_new"), null, ct));

        Assert.Contains($"{Path.GetFileName(file)} of set {set.SetId} does not match its manifest", error.Message, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(source + "_new", ct));
    }

    [Fact]
    public async Task Restore_FailsHalfway_NewDatabaseDroppedAndErrorNamesCause()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("half", SampleSchemas.Rows(100), ct);
        using var workspace = new Workspace(cluster, source);
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        // A dump that is valid zstd with a matching checksum, but whose SQL fails after the table was created.
        var sql = await DumpFiles.ReadAsync(set, source, ct);
        await DumpFiles.ReplaceAsync(set, source, sql.Replace("COPY public.items", "SELECT no_such_function();\nCOPY public.items", StringComparison.Ordinal), ct);

        var error = await Assert.ThrowsAsync<HourglassException>(() => workspace.Restores().RunAsync(new RestoreRequest("latest", source, Into: source + "_new"), null, ct));

        Assert.Contains("function no_such_function() does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(source + "_new", ct));
    }

    [Fact]
    public async Task Restore_FailsHalfwayWithForce_OldDatabaseKept()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("keep", SampleSchemas.Rows(100), ct);
        using var workspace = new Workspace(cluster, source);
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        await cluster.ExecuteAsync(source, "CREATE TABLE precious (x int); INSERT INTO precious VALUES (1);", ct);
        await DumpFiles.ReplaceAsync(set, source, "CREATE TABLE a (x int);\nSELECT 1/0;\n", ct);

        await Assert.ThrowsAsync<HourglassException>(() => workspace.Restores().RunAsync(new RestoreRequest("latest", source, Force: true), null, ct));

        Assert.Equal(1, await cluster.ScalarAsync<int>(source, "SELECT x FROM precious", ct));
    }

    [Fact]
    public async Task Restore_WithForceWhenTheSwapFails_OriginalDatabaseKeptAndNothingLeftBehind()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("swap", "CREATE TABLE swap_guard AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 600000) g;", ct);
        using var workspace = new Workspace(cluster, source);
        await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        await cluster.ExecuteAsync(source, "CREATE TABLE precious (x int); INSERT INTO precious VALUES (1);", ct);
        const string loading = "SELECT datname FROM pg_stat_activity WHERE datname LIKE 'hourglass\\_restore\\_%' AND query LIKE 'COPY public.swap_guard %' LIMIT 1";

        // A second session in the staging database, opened while psql loads it: PostgreSQL will not rename a
        // database other sessions are connected to, so putting the restored copy in place fails for real.
        // One connection, so the load is one long COPY to catch (the swap after it is the same for every load).
        var restore = workspace.Restores().RunAsync(new RestoreRequest("latest", source, Force: true, Jobs: 1), null, ct);
        var staging = await Eventually.GetAsync(
            async () => restore.IsCompleted ? throw new InvalidOperationException("the restore ended before its load was seen") : await cluster.ScalarAsync<string?>("postgres", loading, ct),
            TimeSpan.FromSeconds(60),
            "the restore to load its staging database");
        await using var blocker = new Npgsql.NpgsqlConnection(cluster.ConnectionString(staging));
        await blocker.OpenAsync(ct);
        var failure = await Record.ExceptionAsync(() => restore);

        Assert.Equal(1, await cluster.ScalarAsync<int>(source, "SELECT x FROM precious", ct));
        Assert.Equal(600000L, await cluster.ScalarAsync<long>(source, "SELECT count(*) FROM swap_guard", ct));
        Assert.False(await cluster.DatabaseExistsAsync(staging, ct));
        Assert.False(await cluster.ScalarAsync<bool>("postgres", "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname LIKE 'hourglass\\_old\\_%')", ct));
        var error = Assert.IsType<HourglassException>(failure);
        Assert.Contains($"restore into '{source}' failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("is being accessed by other users", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("template1")]
    [InlineData("postgres")]
    [InlineData("hourglass_restore_0123456789ab")]
    public async Task Restore_IntoAReservedDatabase_UsageErrorAndNothingCreated(string reserved)
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("reserved", SampleSchemas.Rows(10), ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        Assert.Equal(0, (await workspace.RunAsync(ct, "backup")).ExitCode);

        var result = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", reserved);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"'{reserved}' cannot be a restore target", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.False(reserved.StartsWith("hourglass_", StringComparison.Ordinal)
            ? await cluster.DatabaseExistsAsync(reserved, ct)
            : await cluster.ScalarAsync<bool>(reserved, "SELECT to_regclass('public.items') IS NOT NULL", ct));
    }

    [Theory]
    [InlineData("../../../../../../../../../../../../etc/passwd")]
    [InlineData("/etc/passwd")]
    public async Task Restore_ManifestFileNameOutsideTheSet_DamagedManifestNothingRead(string file)
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("escape", SampleSchemas.Rows(10), ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        await LocalSetStore.WriteManifestAsync(set.Location, set.Manifest with { Databases = [set.Manifest.Find(source)! with { File = file }] }, ct);

        var result = await workspace.RunAsync(ct, "restore", set.SetId.ToString(), "--db", source, "--into", source + "_copy", "--force");

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"error: set {set.SetId} cannot be restored: damaged manifest.json: ", line, StringComparison.Ordinal);
        Assert.Contains("is not a plain file name", line, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(source + "_copy", ct));
    }

    [Fact]
    public async Task Restore_Cli_PrintsTablesRowsAndDuration()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("cli", SampleSchemas.Rows(1234), ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        var backup = await workspace.RunAsync(ct, "backup", "--tier", "daily");
        var setId = Assert.Single(workspace.AllSets()).Id;

        var result = await workspace.RunAsync(ct, "restore", setId.Name, "--db", source, "--into", source + "_copy");

        Assert.Equal(0, backup.ExitCode);
        Assert.Equal(0, result.ExitCode);
        Assert.Matches($@"Restored {source} from daily/backup_\d{{8}}_\d{{6}} into {source}_copy: 1 tables, 1,234 rows in \d+\.\d s", result.Stdout);
    }

    /// <summary>Swaps a dump for <paramref name="sql"/>, with the manifest's checksum updated so only the SQL is wrong.</summary>

    [Fact]
    public async Task Restore_ChecksumMismatchWithForce_RestoresAnywayWithAWarning()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("forced", SampleSchemas.Rows(100), ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var entry = set.Manifest.Find(source)!;
        await LocalSetStore.WriteManifestAsync(set.Location, set.Manifest with { Databases = [entry with { Sha256 = new string('0', 64) }] }, ct);

        var refused = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", source + "_a");
        var forced = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", source + "_b", "--force");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("does not match its manifest", refused.Stderr, StringComparison.Ordinal);
        Assert.False(await cluster.DatabaseExistsAsync(source + "_a", ct));
        Assert.Equal(0, forced.ExitCode);
        Assert.Contains("restoring it anyway because of --force", forced.Stderr, StringComparison.Ordinal);
        Assert.Equal(100L, await cluster.ScalarAsync<long>(source + "_b", "SELECT count(*) FROM items", ct));
    }

    [Fact]
    public async Task Restore_SetWhoseLastVerificationFailed_WarnsFirst()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("warned", SampleSchemas.Rows(10), ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        File.Delete(Path.Combine(set.Location, "globals.sql.zst"));
        Assert.Equal(1, (await workspace.RunAsync(ct, "verify")).ExitCode);

        var result = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--into", source + "_copy");

        Assert.Equal(0, result.ExitCode);
        var warning = result.Stderr.IndexOf("failed its last verification", StringComparison.Ordinal);
        Assert.True(warning >= 0, result.Stderr);
        // The restore went ahead: its summary is on standard output, apart from the warning.
        Assert.Contains($"Restored {source} from {set.SetId} into {source}_copy: 1 tables, 10 rows", result.Stdout, StringComparison.Ordinal);
        // "first": logged before the restore starts (its summary goes to standard output, so the log line is the order to check).
        Assert.True(warning < result.Stderr.IndexOf($"Restore of {source} from", StringComparison.Ordinal), result.Stderr);
        Assert.Contains("globals.sql.zst is missing", result.Stderr, StringComparison.Ordinal);
    }
}
