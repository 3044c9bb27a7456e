using System.Data.Common;
using System.Text.Json;

namespace Hourglass.Ledger;

/// <summary>
/// <see cref="IJobLedger"/> in SQL that SQLite and PostgreSQL both speak; <see cref="LedgerDialect"/> supplies the
/// differences. Split by concern: schema (<c>SqlJobLedger.Schema.cs</c>), the worker's life cycle (claims, leases,
/// outcomes), people's actions and queries (<c>SqlJobLedger.Queries.cs</c>), cron entries and nodes.
/// </summary>
internal sealed partial class SqlJobLedger(LedgerDialect dialect) : IJobLedger
{
    private const string Columns =
        "id, kind, args, state, priority, attempt, max_attempts, scheduled_at, inserted_at, attempted_at, finished_at, " +
        "lease_owner, lease_expires_at, cancel_requested, cron_name, cron_slot, unique_key, concurrency_key, meta";

    private const string Queued = "('scheduled', 'available', 'retryable')";
    private const string Guard = "id = @id AND state = 'executing' AND lease_owner = @owner AND attempt = @attempt";

    /// <summary>Where the ledger is, for messages.</summary>
    public string Description => dialect.Description;

    public async Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return dialect.FromDb((await ScalarAsync(connection, null, $"SELECT {dialect.Now}", cancellationToken))!);
    }

    public async Task<EnqueueResult> EnqueueAsync(NewJob job, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var (state, due) = job.ScheduledAt is { } at ? ("scheduled", "@scheduled_at") : ("available", dialect.Now);
        var id = await ScalarAsync(
            connection,
            null,
            $"""
            INSERT INTO jobs (kind, args, state, priority, attempt, max_attempts, scheduled_at, inserted_at, cancel_requested,
                              cron_name, cron_slot, unique_key, concurrency_key, meta)
            VALUES (@kind, @args, '{state}', @priority, 0, @max_attempts, {due}, {dialect.Now}, FALSE,
                    @cron_name, @cron_slot, @unique_key, @concurrency_key, @meta)
            ON CONFLICT DO NOTHING
            RETURNING id
            """,
            cancellationToken,
            ("kind", Name(job.Kind)),
            ("args", job.Args),
            ("priority", job.Priority),
            ("max_attempts", job.MaxAttempts),
            ("scheduled_at", job.ScheduledAt is { } s ? dialect.ToDb(s) : null),
            ("cron_name", job.CronName),
            ("cron_slot", job.CronSlot is { } slot ? dialect.ToDb(slot) : null),
            ("unique_key", job.UniqueKey),
            ("concurrency_key", job.Resources.Count > 0 ? JsonSerializer.Serialize(job.Resources, LedgerJson.Default.IReadOnlyListString) : null),
            ("meta", job.Meta));
        if (id is not null)
        {
            return new EnqueueResult(Convert.ToInt64(id, System.Globalization.CultureInfo.InvariantCulture), true);
        }

        var existing = job.CronName is not null
            ? await ScalarAsync(connection, null, "SELECT id FROM jobs WHERE cron_name = @cron_name AND cron_slot = @cron_slot", cancellationToken, ("cron_name", job.CronName), ("cron_slot", dialect.ToDb(job.CronSlot!.Value)))
            : await ScalarAsync(connection, null, "SELECT id FROM jobs WHERE unique_key = @unique_key AND state IN ('scheduled', 'available', 'executing', 'retryable')", cancellationToken, ("unique_key", job.UniqueKey));
        return existing is null
            ? throw new InvalidOperationException("The job conflicted with one that no longer exists; try again.")
            : new EnqueueResult(Convert.ToInt64(existing, System.Globalization.CultureInfo.InvariantCulture), false);
    }

    /// <summary>
    /// Takes the first due job whose databases are free. Candidates are locked one at a time (in PostgreSQL with
    /// <c>SKIP LOCKED</c>, so claimers at the same moment pass each other by), and one whose databases another
    /// claimer took in the meantime is let go again before the next is tried: a claim holds only the row it takes.
    /// </summary>
    public async Task<Job?> ClaimAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginAsync(connection, cancellationToken);
        var passedOver = new List<long>();
        await ExecuteAsync(connection, transaction, "SAVEPOINT candidate", cancellationToken);
        while (true)
        {
            var candidate = await NextCandidateAsync(connection, transaction, passedOver, cancellationToken);
            if (candidate is not var (id, resources))
            {
                await transaction.CommitAsync(cancellationToken);
                return null;
            }

            if (!await TryLockResourcesAsync(connection, transaction, id, resources, cancellationToken))
            {
                // Rolling back to the savepoint also releases the row lock, so other claimers may take this job.
                await ExecuteAsync(connection, transaction, "ROLLBACK TO SAVEPOINT candidate", cancellationToken);
                passedOver.Add(id);
                continue;
            }

            await ExecuteAsync(
                connection,
                transaction,
                $"""
                UPDATE jobs SET state = 'executing', attempt = attempt + 1, attempted_at = {dialect.Now}, lease_owner = @owner,
                                lease_expires_at = {dialect.NowPlus("@lease")}, cancel_requested = FALSE
                WHERE id = @id
                """,
                cancellationToken,
                ("id", id),
                ("owner", owner),
                ("lease", (long)lease.TotalMilliseconds));
            var job = await ReadJobAsync(connection, transaction, id, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return job;
        }
    }

    /// <summary>
    /// Locks the first due job, in claim order, that no executing job's database lock excludes, leaving out jobs
    /// this claim has passed over and (in PostgreSQL) rows other claimers hold.
    /// </summary>
    private async Task<(long Id, string? Resources)?> NextCandidateAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<long> passedOver, CancellationToken cancellationToken)
    {
        var notPassedOver = passedOver.Count == 0
            ? ""
            : $"AND id NOT IN ({string.Join(", ", passedOver.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
        await using var select = Command(
            connection,
            transaction,
            $"""
            SELECT id, concurrency_key FROM jobs
            WHERE state IN {Queued} AND scheduled_at <= {dialect.Now} {notPassedOver}
              AND NOT EXISTS (SELECT 1 FROM job_locks JOIN jobs holder ON holder.id = job_locks.job_id AND holder.state = 'executing'
                              WHERE job_locks.resource IN ({dialect.JsonStrings("jobs.concurrency_key")}))
            ORDER BY priority, scheduled_at, id LIMIT 1 {dialect.SkipLocked}
            """);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1))
            : null;
    }

    /// <summary>
    /// Takes every database the job touches, or none. Locks left by jobs that are no longer executing are cleared
    /// first, so a lock can never outlive its job. Databases are taken in one order, so two claimers reaching for
    /// the same pair cannot each hold one and wait for the other.
    /// </summary>
    private async Task<bool> TryLockResourcesAsync(DbConnection connection, DbTransaction transaction, long id, string? resources, CancellationToken cancellationToken)
    {
        var names = resources is null ? [] : JsonSerializer.Deserialize(resources, LedgerJson.Default.IReadOnlyListString) ?? [];
        foreach (var name in names.Distinct().Order(StringComparer.Ordinal))
        {
            await ExecuteAsync(
                connection,
                transaction,
                "DELETE FROM job_locks WHERE resource = @resource AND job_id NOT IN (SELECT id FROM jobs WHERE state = 'executing')",
                cancellationToken,
                ("resource", name));
            var taken = await ExecuteAsync(
                connection,
                transaction,
                "INSERT INTO job_locks (resource, job_id) VALUES (@resource, @id) ON CONFLICT DO NOTHING",
                cancellationToken,
                ("resource", name),
                ("id", id));
            if (taken == 0)
            {
                return false;
            }
        }

        return true;
    }

    public async Task<LeaseStatus> RenewAsync(long id, string owner, int attempt, TimeSpan lease, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var cancel = await ScalarAsync(
            connection,
            null,
            $"UPDATE jobs SET lease_expires_at = {dialect.NowPlus("@lease")} WHERE {Guard} RETURNING cancel_requested",
            cancellationToken,
            ("id", id),
            ("owner", owner),
            ("attempt", attempt),
            ("lease", (long)lease.TotalMilliseconds));
        return cancel is null ? LeaseStatus.Lost : LedgerDialect.BoolFromDb(cancel) ? LeaseStatus.CancelRequested : LeaseStatus.Held;
    }

    public Task<bool> CompleteAsync(long id, string owner, int attempt, string meta, CancellationToken cancellationToken) =>
        FinishAsync(
            id,
            owner,
            attempt,
            $"state = 'completed', finished_at = {dialect.Now}, meta = @meta",
            error: null,
            cancellationToken,
            ("meta", meta));

    public Task<bool> FailAsync(long id, string owner, int attempt, string node, string error, TimeSpan? retryAfter, CancellationToken cancellationToken) =>
        FinishAsync(
            id,
            owner,
            attempt,
            $"""
            state = CASE WHEN @retry = 1 AND attempt < max_attempts THEN 'retryable' ELSE 'discarded' END,
            scheduled_at = CASE WHEN @retry = 1 AND attempt < max_attempts THEN {dialect.NowPlus("@delay")} ELSE scheduled_at END,
            finished_at = CASE WHEN @retry = 1 AND attempt < max_attempts THEN NULL ELSE {dialect.Now} END
            """,
            (node, error),
            cancellationToken,
            ("retry", retryAfter is null ? 0 : 1),
            ("delay", (long)(retryAfter ?? TimeSpan.Zero).TotalMilliseconds));

    public Task<bool> AcknowledgeCancelAsync(long id, string owner, int attempt, CancellationToken cancellationToken) =>
        FinishAsync(id, owner, attempt, $"state = 'cancelled', finished_at = {dialect.Now}", error: null, cancellationToken);

    /// <remarks>
    /// The job goes back with an error row saying why, as every job that leaves <c>executing</c> without finishing
    /// does: its history shows it was interrupted, not lost.
    /// </remarks>
    public Task<bool> ReleaseAsync(long id, string owner, int attempt, CancellationToken cancellationToken) =>
        FinishAsync(
            id,
            owner,
            attempt,
            $"state = 'retryable', attempt = attempt - 1, scheduled_at = {dialect.Now}",
            error: (owner, $"released: {owner} stopped while it ran; it runs again without using an attempt"),
            cancellationToken);

    /// <summary>Every way a worker ends its hold on a job: one guarded update, an optional error row, the locks freed.</summary>
    private async Task<bool> FinishAsync(
        long id,
        string owner,
        int attempt,
        string assignments,
        (string Node, string Message)? error,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginAsync(connection, cancellationToken);
        var updated = await ExecuteAsync(
            connection,
            transaction,
            $"UPDATE jobs SET {assignments}, lease_owner = NULL, lease_expires_at = NULL WHERE {Guard}",
            cancellationToken,
            [("id", id), ("owner", owner), ("attempt", attempt), .. parameters]);
        if (updated == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        if (error is { } e)
        {
            await InsertErrorAsync(connection, transaction, id, attempt, e.Node, e.Message, cancellationToken);
        }

        await ExecuteAsync(connection, transaction, "DELETE FROM job_locks WHERE job_id = @id", cancellationToken, ("id", id));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<RescuedJob>> RescueExpiredAsync(string node, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginAsync(connection, cancellationToken);
        var expired = new List<(long Id, int Attempt, string? Owner, JobKind Kind, bool Last, bool CancelRequested)>();
        await using (var select = Command(connection, transaction, $"SELECT id, attempt, lease_owner, kind, attempt >= max_attempts, cancel_requested FROM jobs WHERE state = 'executing' AND lease_expires_at < {dialect.Now} {dialect.SkipLocked}"))
        await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                expired.Add((reader.GetInt64(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetString(2), Enum.Parse<JobKind>(reader.GetString(3), ignoreCase: true), reader.GetBoolean(4), reader.GetBoolean(5)));
            }
        }

        var rescued = new List<RescuedJob>();
        foreach (var (id, attempt, owner, kind, last, cancelRequested) in expired)
        {
            if (cancelRequested)
            {
                // A person asked it to stop and its node died while stopping: that ends it, it does not run again.
                var cancelled = $"lease expired while cancelling: {owner} stopped renewing it";
                await ExecuteAsync(connection, transaction, $"UPDATE jobs SET state = 'cancelled', finished_at = {dialect.Now}, lease_owner = NULL, lease_expires_at = NULL WHERE id = @id", cancellationToken, ("id", id));
                await InsertErrorAsync(connection, transaction, id, attempt, node, cancelled, cancellationToken);
                await ExecuteAsync(connection, transaction, "DELETE FROM job_locks WHERE job_id = @id", cancellationToken, ("id", id));
                continue;
            }

            await ExecuteAsync(
                connection,
                transaction,
                $"""
                UPDATE jobs SET state = CASE WHEN attempt >= max_attempts THEN 'discarded' ELSE 'retryable' END,
                                finished_at = CASE WHEN attempt >= max_attempts THEN {dialect.Now} ELSE NULL END,
                                scheduled_at = {dialect.Now}, lease_owner = NULL, lease_expires_at = NULL
                WHERE id = @id
                """,
                cancellationToken,
                ("id", id));
            var error = $"lease expired: {owner} stopped renewing it (its process died or hung)";
            await InsertErrorAsync(connection, transaction, id, attempt, node, error, cancellationToken);
            await ExecuteAsync(connection, transaction, "DELETE FROM job_locks WHERE job_id = @id", cancellationToken, ("id", id));
            rescued.Add(new RescuedJob(id, kind, attempt, last, error));
        }

        await transaction.CommitAsync(cancellationToken);
        return rescued;
    }

    private Task InsertErrorAsync(DbConnection connection, DbTransaction transaction, long id, int attempt, string node, string message, CancellationToken cancellationToken) =>
        ExecuteAsync(
            connection,
            transaction,
            $"INSERT INTO job_errors (job_id, attempt, at, node, message) VALUES (@id, @attempt, {dialect.Now}, @node, @message)",
            cancellationToken,
            ("id", id),
            ("attempt", attempt),
            ("node", node),
            ("message", message));

    private static string Name<T>(T value)
        where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        var value = await command.ExecuteScalarAsync(cancellationToken);
        return value is DBNull ? null : value;
    }
}
