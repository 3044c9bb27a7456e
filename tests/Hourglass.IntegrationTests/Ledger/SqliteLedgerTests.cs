using Hourglass.Configuration;
using Hourglass.Ledger;
using Microsoft.Data.Sqlite;

namespace Hourglass.IntegrationTests.Ledger;

public sealed class SqliteLedgerTests : JobLedgerContract, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hourglass-ledger-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    protected override async Task<IJobLedger> CreateLedgerAsync(CancellationToken cancellationToken)
    {
        var ledger = JobLedgerFactory.Create(new HourglassOptions { BackupRoot = _root });
        await ledger.MigrateAsync(cancellationToken);
        return ledger;
    }

    protected override async Task ExecuteSqlAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_root, JobLedgerFactory.SqliteFileName)}");
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [Fact]
    public async Task Create_LedgerFileIsPrivate()
    {
        await CreateLedgerAsync(TestContext.Current.CancellationToken);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(_root, JobLedgerFactory.SqliteFileName)));
    }
}
