namespace Hourglass.Ledger;

/// <summary>The ledger's tables, versioned: each node migrates on start, one at a time, and refuses a newer schema.</summary>
internal sealed partial class SqlJobLedger
{
    /// <summary>The schema version this binary writes.</summary>
    public const int CurrentSchemaVersion = 2;

    private IReadOnlyList<string> Migration1 =>
    [
        $"""
        CREATE TABLE jobs (
            id {dialect.IdType},
            kind text NOT NULL,
            args text NOT NULL,
            state text NOT NULL,
            priority integer NOT NULL,
            attempt integer NOT NULL,
            max_attempts integer NOT NULL,
            scheduled_at {dialect.TimeType} NOT NULL,
            inserted_at {dialect.TimeType} NOT NULL,
            attempted_at {dialect.TimeType},
            finished_at {dialect.TimeType},
            lease_owner text,
            lease_expires_at {dialect.TimeType},
            cancel_requested {dialect.BoolType} NOT NULL,
            cron_name text,
            cron_slot {dialect.TimeType},
            unique_key text,
            concurrency_key text,
            meta text NOT NULL)
        """,
        "CREATE UNIQUE INDEX jobs_cron_slot ON jobs (cron_name, cron_slot) WHERE cron_name IS NOT NULL",
        "CREATE UNIQUE INDEX jobs_unique_key ON jobs (unique_key) WHERE unique_key IS NOT NULL AND state IN ('scheduled', 'available', 'executing', 'retryable')",
        "CREATE INDEX jobs_due ON jobs (state, priority, scheduled_at)",
        $"CREATE TABLE job_errors (job_id bigint NOT NULL, attempt integer NOT NULL, at {dialect.TimeType} NOT NULL, node text NOT NULL, message text NOT NULL)",
        "CREATE INDEX job_errors_job ON job_errors (job_id)",
        "CREATE TABLE job_locks (resource text PRIMARY KEY, job_id bigint NOT NULL)",
        $"CREATE TABLE cron_entries (name text PRIMARY KEY, expression text NOT NULL, time_zone text NOT NULL, last_slot {dialect.TimeType})",
        $"CREATE TABLE nodes (id text PRIMARY KEY, host text NOT NULL, started_at {dialect.TimeType} NOT NULL, heartbeat_at {dialect.TimeType} NOT NULL, running text)",
    ];

    /// <summary>
    /// Alerts (one open row per problem key, so several nodes open, remind and resolve each once), their deliveries
    /// per channel (retried with backoff, errors kept), and the web host's bearer tokens (only their hashes).
    /// </summary>
    private IReadOnlyList<string> Migration2 =>
    [
        $"""
        CREATE TABLE alerts (
            id {dialect.IdType},
            key text NOT NULL,
            kind text NOT NULL,
            subject text NOT NULL,
            message text NOT NULL,
            opened_at {dialect.TimeType} NOT NULL,
            last_sent_at {dialect.TimeType} NOT NULL,
            resolved_at {dialect.TimeType},
            resolved_message text)
        """,
        "CREATE UNIQUE INDEX alerts_open_key ON alerts (key) WHERE resolved_at IS NULL",
        "CREATE INDEX alerts_opened ON alerts (opened_at)",
        $"""
        CREATE TABLE alert_deliveries (
            id {dialect.IdType},
            alert_id bigint NOT NULL,
            event text NOT NULL,
            channel text NOT NULL,
            state text NOT NULL,
            attempts integer NOT NULL,
            next_at {dialect.TimeType} NOT NULL,
            lease_owner text,
            lease_expires_at {dialect.TimeType},
            sent_at {dialect.TimeType},
            last_error text,
            payload text NOT NULL)
        """,
        "CREATE INDEX alert_deliveries_due ON alert_deliveries (state, next_at)",
        "CREATE INDEX alert_deliveries_alert ON alert_deliveries (alert_id)",
        $"""
        CREATE TABLE api_tokens (
            id {dialect.IdType},
            name text NOT NULL,
            hash text NOT NULL,
            created_at {dialect.TimeType} NOT NULL,
            last_used_at {dialect.TimeType},
            revoked_at {dialect.TimeType})
        """,
        "CREATE UNIQUE INDEX api_tokens_hash ON api_tokens (hash)",
        "CREATE UNIQUE INDEX api_tokens_name ON api_tokens (name) WHERE revoked_at IS NULL",
    ];

    public async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginAsync(connection, cancellationToken);
        await dialect.LockForMigrationAsync(connection, transaction, cancellationToken);
        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS hourglass_schema (version integer NOT NULL)", cancellationToken);
        var version = await VersionAsync(connection, transaction, cancellationToken);
        if (version > CurrentSchemaVersion)
        {
            throw Errors.LedgerTooNew(dialect.Description, version, CurrentSchemaVersion);
        }

        if (version < 1)
        {
            foreach (var statement in Migration1)
            {
                await ExecuteAsync(connection, transaction, statement, cancellationToken);
            }

            await ExecuteAsync(connection, transaction, "INSERT INTO hourglass_schema (version) VALUES (1)", cancellationToken);
        }

        if (version < 2)
        {
            foreach (var statement in Migration2)
            {
                await ExecuteAsync(connection, transaction, statement, cancellationToken);
            }

            await ExecuteAsync(connection, transaction, "INSERT INTO hourglass_schema (version) VALUES (2)", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "CREATE TABLE IF NOT EXISTS hourglass_schema (version integer NOT NULL)", cancellationToken);
        return await VersionAsync(connection, null, cancellationToken);
    }

    private static async Task<int> VersionAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction? transaction, CancellationToken cancellationToken) =>
        await ScalarAsync(connection, transaction, "SELECT max(version) FROM hourglass_schema", cancellationToken) is { } value
            ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)
            : 0;
}
