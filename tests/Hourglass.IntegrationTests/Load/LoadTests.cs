using Hourglass.Configuration;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Ledger;

namespace Hourglass.IntegrationTests.Load;

/// <summary>
/// The load runs of the fault campaign. In <c>./test.sh</c> each runs one minute, so they cannot rot;
/// <c>faults/load.sh</c> runs them for 20 minutes (1,200 slots) and writes what they found to
/// <c>HOURGLASS_LOAD_REPORT</c>.
/// </summary>
[Collection(nameof(RunsAlone))]
public sealed class LoadTests(PostgresCluster cluster)
{
    private const int Seed = 20261207;

    [Fact]
    public async Task ThreeNodesOnOnePostgresLedger_OneSecondTierWithNodeKills_NoSlotTwiceNoneLost()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("load_pg", SampleSchemas.Rows(500), ct);
        var ledgerDatabase = await cluster.CreateDatabaseAsync("load_ledger", ct);
        using var workspace = new Workspace(cluster, database);
        var ledgerConnection = $"Host={cluster.Host};Port={cluster.Port};Username={cluster.User};Database={ledgerDatabase}";
        workspace.WriteConfig(LoadRun.Config(cluster, database, ledgerConnection));
        var ledger = JobLedgerFactory.Create(new HourglassOptions { Ledger = new LedgerOptions { ConnectionString = cluster.ConnectionString(ledgerDatabase) } });
        await ledger.MigrateAsync(ct);

        await RunAsync("3 nodes, PostgreSQL ledger", new LoadRun(workspace, ledger, cluster.Libpq, nodeCount: 3, Seed), ct);
    }

    [Fact]
    public async Task OneNodeOnTheSqliteLedger_OneSecondTierWithNodeKills_NoSlotTwiceNoneLostBeyondCatchUp()
    {
        var ct = TestContext.Current.CancellationToken;
        var database = await cluster.CreateDatabaseAsync("load_sqlite", SampleSchemas.Rows(500), ct);
        using var workspace = new Workspace(cluster, database);
        workspace.WriteConfig(LoadRun.Config(cluster, database, ledgerConnection: null));
        var ledger = JobLedgerFactory.Create(new HourglassOptions { BackupRoot = workspace.Root });
        await ledger.MigrateAsync(ct);

        await RunAsync("1 node, SQLite ledger", new LoadRun(workspace, ledger, cluster.Libpq, nodeCount: 1, Seed), ct);
    }

    private static async Task RunAsync(string what, LoadRun run, CancellationToken cancellationToken)
    {
        var output = TestContext.Current.TestOutputHelper;
        var duration = LoadRun.Duration();
        var outcome = await run.RunAsync(duration, line => output?.WriteLine(line), cancellationToken);
        var line = $"{what}, {duration.TotalMinutes:0.#} minutes, seed {Seed}: {outcome}";
        output?.WriteLine(line);
        if (Environment.GetEnvironmentVariable("HOURGLASS_LOAD_REPORT") is { Length: > 0 } report)
        {
            await File.AppendAllTextAsync(report, line + "\n", cancellationToken);
        }

        Assert.True(outcome.Violations.Count == 0, line + "\n" + string.Join("\n", outcome.Violations.Take(50)));
    }
}
