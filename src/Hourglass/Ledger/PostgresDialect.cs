using System.Data.Common;
using Npgsql;

namespace Hourglass.Ledger;

/// <summary>
/// The shared store: several daemons claim from it at once. Claims lock one candidate row at a time with
/// <c>FOR UPDATE SKIP LOCKED</c>; migrations take a transaction-scoped advisory lock.
/// </summary>
internal sealed class PostgresDialect(string connectionString) : LedgerDialect
{
    private const long MigrationLockKey = 0x486f7572676c6173; // "Hourglas"
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(connectionString);

    public override string Description
    {
        get
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"PostgreSQL at {builder.Host}:{builder.Port}/{builder.Database}";
        }
    }

    public override string Now => "now()";

    public override string NowPlus(string parameter) => $"(now() + {parameter} * interval '1 millisecond')";

    public override string SkipLocked => "FOR UPDATE SKIP LOCKED";

    public override string JsonStrings(string column) => $"SELECT jsonb_array_elements_text({column}::jsonb)";

    public override string JsonField(string column, string field) => $"({column}::jsonb ->> {field})";

    public override string IdType => "bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY";

    public override string TimeType => "timestamptz";

    public override string BoolType => "boolean";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken);

    public override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLockKey})", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public override object ToDb(DateTimeOffset value) => value.UtcDateTime;

    public override DateTimeOffset FromDb(object value) => value switch
    {
        DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
        DateTimeOffset offset => offset,
        _ => throw new InvalidCastException($"not a time: {value.GetType()}"),
    };
}
