using Hourglass.Configuration;
using Hourglass.IntegrationTests.Infrastructure;
using Hourglass.Ledger;

namespace Hourglass.IntegrationTests.Ledger;

public sealed class PostgresLedgerTests(PostgresCluster cluster) : JobLedgerContract
{
    private string? _database;

    protected override async Task<IJobLedger> CreateLedgerAsync(CancellationToken cancellationToken)
    {
        _database = await cluster.CreateDatabaseAsync("ledger", cancellationToken);
        var ledger = JobLedgerFactory.Create(new HourglassOptions { Ledger = new LedgerOptions { ConnectionString = cluster.ConnectionString(_database) } });
        await ledger.MigrateAsync(cancellationToken);
        return ledger;
    }

    protected override Task ExecuteSqlAsync(string sql, CancellationToken cancellationToken) =>
        cluster.ExecuteAsync(_database!, sql, cancellationToken);
}
