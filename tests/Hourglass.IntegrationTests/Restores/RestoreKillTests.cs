using Hourglass.Backups;
using Hourglass.IntegrationTests.Infrastructure;

namespace Hourglass.IntegrationTests.Restores;

/// <summary>
/// A restore loads into a staging database and gives it the target's name only once everything loaded and the
/// checksum matched, so a restore killed at any moment leaves no half-restored target, only its staging database;
/// the next restore drops such leftovers, and never one a live restore is still loading. Each test restores as a
/// login of its own: the databases a restore creates are owned by that login, which tells this test's staging
/// databases apart from those of restores other test classes run on the cluster at the same time.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class RestoreKillTests(PostgresCluster cluster)
{
    /// <summary>
    /// Added to the wide dataset so each phase of a restore lasts long enough to be killed in: thousands of functions
    /// and types for pre-data, a table of long text for data, and its indexes for post-data.
    /// </summary>
    private const string Padding = """
        CREATE SCHEMA padding;
        DO $$ BEGIN FOR i IN 1..2000 LOOP
            EXECUTE format('CREATE FUNCTION padding.f%s(x int) RETURNS int LANGUAGE plpgsql AS $f$ BEGIN RETURN x + %s; END $f$', i, i);
            EXECUTE format('CREATE TYPE padding.t%s AS (a int, b text)', i);
        END LOOP; END $$;
        CREATE TABLE public.bulk AS
            SELECT g AS id, md5(g::text) || md5((g + 1)::text) AS a, md5((g * 7)::text) || md5((g * 5)::text) AS b, md5((g * 13)::text) AS c
            FROM generate_series(1, 300000) g;
        ALTER TABLE public.bulk ADD PRIMARY KEY (id);
        CREATE INDEX bulk_a ON public.bulk (a);
        CREATE INDEX bulk_b ON public.bulk (b);
        CREATE INDEX bulk_bc ON public.bulk (b, c);
        """;

    /// <summary>How long the server may take to end the sessions of a killed restore's psql processes, which notice on their own.</summary>
    private static readonly TimeSpan SessionsEnd = TimeSpan.FromSeconds(90);

    // Found by the fault campaign (SIGKILL restore): a restore killed while the server ran its CREATE DATABASE left a
    // staging database that appeared only after the next restore had looked for leftovers, and outlived it.
    [Fact]
    public async Task Restore_LeftoverThatAppearsWhileItRuns_IsDroppedWhenItFinishes()
    {
        var ct = TestContext.Current.CancellationToken;
        var source = await WideDataset.CreateAsync(cluster, "late", rows: 20000, null, ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var login = await RestoreLogin.CreateAsync(cluster, ct);
        var late = $"hourglass_restore_{Guid.NewGuid():N}"[..30];

        CliResult result;
        using (var restore = WatchedCli.Start(workspace.Folder, login.Environment, "restore", "latest", "--db", source, "--into", source + "_dst"))
        {
            await restore.LineAsync(": data started", TimeSpan.FromSeconds(120), ct);
            // What a killed restore's CREATE DATABASE leaves when it commits: a staging database no live restore holds, owned by the restoring login.
            await cluster.ExecuteAsync("postgres", $"CREATE DATABASE {late} OWNER \"{login.Name}\"", ct);
            result = await restore.WaitAsync(TimeSpan.FromMinutes(2), ct);
        }

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(await cluster.DatabaseExistsAsync(late, ct), $"{late} outlived the restore:\n{result.Stderr}");
        Assert.Contains($"Dropped {late}, left behind by a restore that did not finish", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("pre-data")]
    [InlineData("data")]
    [InlineData("post-data")]
    public async Task Restore_KilledDuringPhase_NoHalfRestoredTargetAndTheNextRestoreDropsTheLeftover(string phase)
    {
        var ct = TestContext.Current.CancellationToken;
        var seed = Random.Shared.Next();
        var delay = TimeSpan.FromMilliseconds(new Random(seed).Next(0, 151));
        var about = $"(seed {seed}: killed {delay.TotalMilliseconds} ms after '{phase} started')";
        var source = await WideDataset.CreateAsync(cluster, "kill", rows: 40000, Padding, ct);
        using var workspace = new Workspace(cluster, source);
        workspace.WriteDefaultConfig();
        await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var login = await RestoreLogin.CreateAsync(cluster, ct);
        var target = source + "_dst";
        string[] restore = ["restore", "latest", "--db", source, "--into", target, "--jobs", "2"];

        string killedLog;
        IReadOnlyList<string> staging;
        using (var killed = WatchedCli.Start(workspace.Folder, login.Environment, restore))
        {
            await killed.LineAsync($": {phase} started", TimeSpan.FromSeconds(120), ct);
            // Alive, it holds its staging database, which no other restore drops: so this is its own.
            staging = await login.StagingDatabasesAsync(cluster, ct);
            await Task.Delay(delay, TimeProvider.System, ct);
            killed.Kill();
            killedLog = (await killed.WaitAsync(TimeSpan.FromSeconds(30), ct)).Stderr;
        }

        // Never half-restored: either no target at all, or (the kill came after the rename) a complete one.
        var leftovers = await login.StagingDatabasesAsync(cluster, ct);
        var renamedBeforeTheKill = await cluster.DatabaseExistsAsync(target, ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"{about}: staging [{string.Join(", ", staging)}], left [{string.Join(", ", leftovers)}], target {(renamedBeforeTheKill ? "complete" : "absent")}");
        if (renamedBeforeTheKill)
        {
            Assert.True(leftovers.Count == 0, $"{about} the target exists, and so does staging database {string.Join(", ", leftovers)}");
            await AssertSameAsync(source, target, about);
        }
        else
        {
            // At most its staging database: a restore another test started meanwhile may already have dropped it.
            Assert.True(staging.Count == 1 && leftovers.All(staging.Contains), $"{about} the killed restore loaded into [{string.Join(", ", staging)}], and [{string.Join(", ", leftovers)}] remain:\n{killedLog}");
        }

        await Eventually.GetAsync(
            async () => (await login.SessionsAsync(cluster, ct)).Count == 0 ? "ended" : null,
            SessionsEnd,
            "the killed restore's sessions to end " + about,
            () => string.Join(", ", login.SessionsAsync(cluster, ct).GetAwaiter().GetResult()));

        CliResult again;
        using (var rerun = WatchedCli.Start(workspace.Folder, login.Environment, [.. restore, .. renamedBeforeTheKill ? ["--force"] : Array.Empty<string>()]))
        {
            again = await rerun.WaitAsync(TimeSpan.FromMinutes(3), ct);
        }

        Assert.True(again.ExitCode == 0, $"{about} {again}");
        var remaining = await login.StagingDatabasesAsync(cluster, ct);
        Assert.True(remaining.Count == 0, $"{about} left over after the next restore: {string.Join(", ", remaining)} (the killed run left {string.Join(", ", leftovers)})");
        await AssertSameAsync(source, target, about);
    }

    [Fact]
    public async Task Restore_WhileAnotherRestoreIsLoading_LeavesItsStagingDatabaseAlone()
    {
        var ct = TestContext.Current.CancellationToken;
        var large = await WideDataset.CreateAsync(cluster, "live", rows: 40000, extraSql: null, ct);
        var small = await cluster.CreateDatabaseAsync("other", SampleSchemas.Rows(10), ct);
        using var workspace = new Workspace(cluster, large, small);
        workspace.WriteDefaultConfig();
        await workspace.Backups().RunAsync(new BackupRequest(), null, ct);
        var loading = await RestoreLogin.CreateAsync(cluster, ct);
        var other = await RestoreLogin.CreateAsync(cluster, ct);

        using var slow = WatchedCli.Start(workspace.Folder, loading.Environment, "restore", "latest", "--db", large, "--into", large + "_dst", "--jobs", "2");
        await slow.LineAsync(": data started", TimeSpan.FromSeconds(120), ct);
        // Paused mid-load (SIGSTOP), it still holds its staging database: its sessions and its lock stay open.
        await slow.SignalAsync("STOP", ct);
        IReadOnlyList<string> staging;
        CliResult quick;
        try
        {
            staging = await loading.StagingDatabasesAsync(cluster, ct);
            quick = await workspace.RunAsync(other.Environment, ct, "restore", "latest", "--db", small, "--into", small + "_dst");
        }
        finally
        {
            await slow.SignalAsync("CONT", CancellationToken.None);
        }

        var stillThere = staging.Count == 1 && await cluster.DatabaseExistsAsync(staging[0], ct);
        var finished = await slow.WaitAsync(TimeSpan.FromSeconds(120), ct);

        Assert.True(quick.ExitCode == 0, quick.ToString());
        Assert.Single(staging);
        Assert.True(stillThere, $"the other restore dropped staging database {staging[0]} of a live restore");
        Assert.True(finished.ExitCode == 0, finished.ToString());
        await AssertSameAsync(large, large + "_dst", "");
    }

    /// <summary>The restored database has the source's schema and the same rows in every table and sequence.</summary>
    private async Task AssertSameAsync(string source, string restored, string about)
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(await Tools.SchemaAsync(source, ct) == await Tools.SchemaAsync(restored, ct), $"{about} the schema of {restored} differs from its source's");
        var expected = await DatabaseContents.ReadAsync(cluster, source, ct);
        var actual = await DatabaseContents.ReadAsync(cluster, restored, ct);
        Assert.True(expected.Relations.SequenceEqual(actual.Relations), $"{about} the rows of {restored} differ from its source's:\n{Lines(expected.Relations)}\nbut\n{Lines(actual.Relations)}");
        Assert.True(expected.Sequences.SequenceEqual(actual.Sequences), $"{about} the sequences of {restored} differ from its source's:\n{Lines(expected.Sequences)}\nbut\n{Lines(actual.Sequences)}");
    }

    private static string Lines(SortedDictionary<string, string> values) => string.Join('\n', values.Select(v => $"  {v.Key} {v.Value}"));
}
