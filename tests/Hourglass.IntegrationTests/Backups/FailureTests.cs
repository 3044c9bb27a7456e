using System.Security.Cryptography;
using Hourglass.Backups;
using Hourglass.Cli.Rendering;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Storage;

namespace Hourglass.IntegrationTests.Backups;

public sealed class FailureTests(PostgresCluster cluster)
{
    [Fact]
    public async Task Backup_OneDatabaseMissing_OthersBackedUpSetPartialExit1NamesDatabaseAndCause()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = await cluster.CreateDatabaseAsync("first", SampleSchemas.Rows(10), ct);
        var second = await cluster.CreateDatabaseAsync("second", SampleSchemas.Rows(20), ct);
        using var workspace = new Workspace(cluster, first, "missing_db_xyz", second);
        workspace.WriteDefaultConfig();

        var result = await workspace.RunAsync(ct, "backup");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("missing_db_xyz failed: database \"missing_db_xyz\" does not exist", result.Stdout, StringComparison.Ordinal);
        var set = Assert.Single(workspace.AllSets());
        Assert.Equal(SetStatus.Partial, set.Manifest!.Status);
        Assert.Equal([DumpStatus.Ok, DumpStatus.Failed, DumpStatus.Ok], set.Manifest.Databases.Select(d => d.Status));
        Assert.Contains("does not exist", set.Manifest.Find("missing_db_xyz")!.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(set.Location, "missing_db_xyz.sql.zst")));
        Assert.Equal(20L, set.Manifest.Find(second)!.Tables["public.items"]);
    }

    [Fact]
    public async Task Backup_OneDatabaseRefusesTheRole_OthersBackedUpSetPartialWithCause()
    {
        var ct = TestContext.Current.CancellationToken;
        var open = await cluster.CreateDatabaseAsync("open", ct);
        var closed = await cluster.CreateDatabaseAsync("closed", ct);
        var role = "backup_" + Guid.NewGuid().ToString("N")[..8];
        await cluster.ExecuteAsync("postgres", $"CREATE ROLE {role} LOGIN PASSWORD 'role-secret-1'; REVOKE CONNECT ON DATABASE \"{closed}\" FROM PUBLIC;", ct);
        using var workspace = new Workspace(cluster, open, closed);
        workspace.WriteConfig(new { databases = new[] { open, closed }, connection = new { host = cluster.Host, port = cluster.Port, username = role } });

        var result = await workspace.RunAsync(new Dictionary<string, string?> { ["PGPASSWORD"] = "role-secret-1" }, ct, "backup");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{closed} failed: permission denied for database", result.Stdout, StringComparison.Ordinal);
        var set = Assert.Single(workspace.AllSets());
        Assert.Equal(SetStatus.Partial, set.Manifest!.Status);
        Assert.Equal(DumpStatus.Ok, set.Manifest.Find(open)!.Status);
    }

    [Fact]
    public async Task Backup_WrongPassword_NoSetKeptExit1OneLineNamingTheCause()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("pw", ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteDefaultConfig();

        var result = await workspace.RunAsync(new Dictionary<string, string?> { ["PGPASSWORD"] = "not-the-password" }, ct, "backup");

        Assert.Equal(1, result.ExitCode);
        var error = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("password authentication failed for user \"postgres\"", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.Empty(workspace.AllSets());
        Assert.DoesNotContain(workspace.Entries(), e => e.Contains(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Backup_PgDumpKilledMidStream_DatabaseFailedOlderSetUntouchedNoPartialLeft()
    {
        var ct = TestContext.Current.CancellationToken;
        var small = await cluster.CreateDatabaseAsync("small", SampleSchemas.Rows(100), ct);
        var big = await cluster.CreateDatabaseAsync("big", SampleSchemas.Incompressible(600_000), ct);
        using var workspace = new Workspace(cluster, small, big);
        var older = await workspace.Backups().RunAsync(new BackupRequest(Databases: [small]), null, ct);
        var olderHashes = Hashes(older.Location);
        await Task.Delay(TimeSpan.FromMilliseconds(1100), TimeProvider.System, ct); // a new second, so the next set has its own name

        var killed = 0;
        var progress = new ProgressSink<DumpProgress>(p =>
        {
            if (p.Database == big && p.Phase == DumpPhase.Dumping && p.RawBytes > 0 && Interlocked.Exchange(ref killed, 1) == 0)
            {
                foreach (var pid in ChildProcesses.Named("pg_dump", big))
                {
                    System.Diagnostics.Process.GetProcessById(pid).Kill();
                }
            }
        });
        var outcome = await workspace.Backups().RunAsync(new BackupRequest(), progress, ct);

        Assert.Equal(1, killed);
        Assert.Equal(SetStatus.Partial, outcome.Manifest.Status);
        var failed = outcome.Manifest.Find(big)!;
        Assert.Equal(DumpStatus.Failed, failed.Status);
        Assert.Contains("pg_dump", failed.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outcome.Location, failed.File)));
        Assert.Equal(olderHashes, Hashes(older.Location));
        Assert.DoesNotContain(workspace.Entries(), e => e.Contains(".partial", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Backup_LeftoverPartialFromCrash_RemovedByNextRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("crash", ct);
        using var workspace = new Workspace(cluster, database);
        var crashed = Path.Combine(workspace.Root, "hourly", "backup_20200101_000000.partial");
        Directory.CreateDirectory(crashed);
        await File.WriteAllTextAsync(Path.Combine(crashed, LocalSetWriter.LockFileName), "", ct);
        await File.WriteAllTextAsync(Path.Combine(crashed, database + ".sql.zst"), "half a dump", ct);

        var (outcome, pruned) = await workspace.Jobs().BackupAndPruneAsync(new BackupRequest("hourly"), null, ct);

        Assert.False(Directory.Exists(crashed));
        Assert.Contains(pruned!.Removed, d => d.Reason.Contains("interrupted backup", StringComparison.Ordinal));
        Assert.Equal([outcome.SetId], workspace.AllSets().Select(s => s.Id));
    }

    [Fact]
    public async Task Backup_DiskFills_NoNewCompleteSetOlderSetIntactNoPartialExit1()
    {
        Assert.SkipUnless(Environment.UserName == "root", "mounting a small tmpfs needs root");
        var ct = TestContext.Current.CancellationToken;
        var small = await cluster.CreateDatabaseAsync("fits", SampleSchemas.Rows(100), ct);
        var big = await cluster.CreateDatabaseAsync("overflows", SampleSchemas.Incompressible(100_000), ct);
        using var workspace = new Workspace(cluster, small, big);
        Directory.CreateDirectory(workspace.Root);
        await Tools.RunAsync("mount", ct, "-t", "tmpfs", "-o", "size=1m", "tmpfs", workspace.Root);
        try
        {
            workspace.WriteDefaultConfig();
            var first = await workspace.RunAsync(ct, "backup", "--db", small);
            Assert.Equal(0, first.ExitCode);
            var older = Assert.Single(workspace.AllSets());
            var olderHashes = Hashes(older.Location);
            await Task.Delay(TimeSpan.FromMilliseconds(1100), TimeProvider.System, ct);

            var result = await workspace.RunAsync(ct, "backup");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains("no space left", result.Stdout + result.Stderr, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(workspace.AllSets(), s => s.Id != older.Id && s.Manifest?.Status == SetStatus.Complete);
            Assert.DoesNotContain(workspace.Entries(), e => e.Contains(".partial", StringComparison.Ordinal));
            Assert.Equal(olderHashes, Hashes(older.Location));
        }
        finally
        {
            await Tools.RunAsync("umount", CancellationToken.None, workspace.Root);
        }
    }

    private static Dictionary<string, string> Hashes(string folder) =>
        Directory.EnumerateFiles(folder).ToDictionary(f => Path.GetFileName(f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
}
