using System.Data.Common;

namespace Hourglass.Ledger;

/// <summary>
/// What differs between the two stores: connections, the clock, time values, the claim lock, and column types.
/// Everything else is the same SQL, in <see cref="SqlJobLedger"/>.
/// </summary>
internal abstract class LedgerDialect
{
    /// <summary>For messages: "SQLite at /path" or "PostgreSQL at host:port/db".</summary>
    public abstract string Description { get; }

    /// <summary>An SQL expression for the database's current time.</summary>
    public abstract string Now { get; }

    /// <summary>An SQL expression for the current time plus a number of milliseconds held in <paramref name="parameter"/>.</summary>
    public abstract string NowPlus(string parameter);

    /// <summary>Locks the selected candidate row, skipping rows another claimer holds ("" where the transaction already serializes claims).</summary>
    public abstract string SkipLocked { get; }

    /// <summary>A subquery yielding each string of the JSON array in <paramref name="column"/>; none when it is NULL.</summary>
    public abstract string JsonStrings(string column);

    /// <summary>An SQL expression for the top-level field, named by the text parameter <paramref name="field"/>, of the JSON object in <paramref name="column"/>, as text.</summary>
    public abstract string JsonField(string column, string field);

    /// <summary>Column types: an identity primary key, a timestamp, a boolean.</summary>
    public abstract string IdType { get; }

    public abstract string TimeType { get; }

    public abstract string BoolType { get; }

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Begins a transaction in which claims and migrations cannot interleave.</summary>
    public abstract Task<DbTransaction> BeginAsync(DbConnection connection, CancellationToken cancellationToken);

    /// <summary>Serializes migrations between nodes, inside <paramref name="transaction"/>.</summary>
    public abstract Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

    /// <summary>A time as a parameter value.</summary>
    public abstract object ToDb(DateTimeOffset value);

    /// <summary>A time read from a column.</summary>
    public abstract DateTimeOffset FromDb(object value);

    /// <summary>A boolean read from a column.</summary>
    public static bool BoolFromDb(object value) => value is bool b ? b : Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) != 0;
}
