using Hourglass.Backups;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Restores;

namespace Hourglass.IntegrationTests.Restores;

/// <summary>How a parallel restore fails: one connection's error ends every connection, with one line and nothing kept.</summary>
public sealed class ParallelFailureTests(PostgresCluster cluster)
{
    private const string TwoTables = """
        CREATE TABLE big (id int PRIMARY KEY, note text);
        INSERT INTO big SELECT g, repeat('x', 200) || g FROM generate_series(1, 60000) g;
        CREATE TABLE a_small (id int PRIMARY KEY, n int NOT NULL);
        INSERT INTO a_small SELECT g, g FROM generate_series(1, 2000) g;
        CREATE INDEX big_note ON big (note);
        """;

    [Fact]
    public async Task Restore_OneConnectionsRowFailsWhileAnotherLoads_OneLineNoHangNothingKept()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("pfail", TwoTables, ct);
        using var workspace = new Workspace(cluster, source);
        var set = await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        // A row of "a_small" (whose rows come first) that its NOT NULL column refuses, in a dump whose checksum matches: the data's own fault,
        // on one connection while the other loads chunks of "big".
        var sql = await DumpFiles.ReadAsync(set, source, ct);
        await DumpFiles.ReplaceAsync(set, source, sql.Replace("\n1000\t1000\n", "\n1000\t\\N\n", StringComparison.Ordinal), ct);
        var runner = workspace.Restores();
        runner.ChunkBytes = 64 << 10;

        var error = await Assert.ThrowsAsync<HourglassException>(() =>
            runner.RunAsync(new RestoreRequest("latest", source, Into: source + "_new", Jobs: 2), null, ct).WaitAsync(TimeSpan.FromMinutes(2), ct));

        Assert.Contains("null value in column \"n\"", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.False(await cluster.DatabaseExistsAsync(source + "_new", ct));
    }

    [Fact]
    public async Task Restore_SelectionWithForceOverANonEmptyDatabase_RefusedAndUntouched()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await cluster.CreateDatabaseAsync("pforce", TwoTables, ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        Assert.Equal(0, (await workspace.RunAsync(ct, "backup")).ExitCode);

        var result = await workspace.RunAsync(ct, "restore", "latest", "--db", source, "--table", "public.a_small", "--force");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("would replace all of it with part of the dump", Assert.Single(result.ErrorLines), StringComparison.Ordinal);
        Assert.Equal(60000L, await cluster.ScalarAsync<long>(source, "SELECT count(*) FROM big", ct));
    }
}
