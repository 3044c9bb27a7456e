using System.Data.Common;
using Hourglass.Storage;
using Microsoft.Data.Sqlite;

namespace Hourglass.Ledger;

/// <summary>
/// The embedded store: one file in the backup root, in WAL mode, times as Unix milliseconds. Claims run in
/// <c>BEGIN IMMEDIATE</c> transactions, which serialize writers; a busy database is waited on, not failed.
/// </summary>
internal sealed class SqliteDialect(string path) : LedgerDialect
{
    private const string NowMs = "CAST(ROUND((julianday('now') - 2440587.5) * 86400000) AS INTEGER)";
    private readonly string _connectionString = new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString();

    public override string Description => $"SQLite at {path}";

    public override string Now => NowMs;

    public override string NowPlus(string parameter) => $"({NowMs} + {parameter})";

    public override string SkipLocked => "";

    public override string JsonStrings(string column) => $"SELECT value FROM json_each({column})";

    public override string JsonField(string column, string field) => $"json_extract({column}, '$.' || {field})";

    public override string IdType => "INTEGER PRIMARY KEY AUTOINCREMENT";

    public override string TimeType => "INTEGER";

    public override string BoolType => "INTEGER";

    public override async Task<DbConnection> OpenAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            // The ledger holds database names and errors: create it private, like the dumps.
            PrivateFiles.CreateFolder(Path.GetDirectoryName(path)!);
            await using (PrivateFiles.CreateNew(path, overwrite: false))
            {
            }
        }

        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 30000;";
        await pragmas.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    public override async Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(cancellationToken); // Microsoft.Data.Sqlite begins these IMMEDIATE

    public override Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken) =>
        Task.CompletedTask; // BEGIN IMMEDIATE already excludes other writers

    public override object ToDb(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public override DateTimeOffset FromDb(object value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
}
