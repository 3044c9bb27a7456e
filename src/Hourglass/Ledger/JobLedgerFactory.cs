using Hourglass.Configuration;

namespace Hourglass.Ledger;

/// <summary>Opens the ledger the config names: PostgreSQL when <c>ledger.connectionString</c> is set, else SQLite at <c>{backupRoot}/hourglass.db</c>.</summary>
public static class JobLedgerFactory
{
    /// <summary>The SQLite ledger's file name inside the backup root.</summary>
    public const string SqliteFileName = "hourglass.db";

    public static IJobLedger Create(HourglassOptions options) =>
        new SqlJobLedger(options.Ledger.ConnectionString is { Length: > 0 } connectionString
            ? new PostgresDialect(connectionString)
            : new SqliteDialect(Path.Combine(options.BackupRoot, SqliteFileName)));

    /// <summary>Where a ledger lives, for messages.</summary>
    public static string Describe(IJobLedger ledger) => ledger is SqlJobLedger sql ? sql.Description : ledger.GetType().Name;
}
