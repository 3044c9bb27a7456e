using Npgsql;

namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// The campaign's own reading of the job ledger: plain SQL on the ledger's tables (as DESIGN.md names them), not
/// Hourglass's code, so a bug in the ledger's code cannot hide from the checks. Times are the ledger server's.
/// </summary>
internal sealed class LedgerView(Lab lab)
{
    /// <summary>A job as the checks see it.</summary>
    public sealed record JobRow(long Id, string Kind, string State, int Attempt, string? LeaseOwner, string? CronName, DateTimeOffset? CronSlot, string Trigger);

    public async Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken) =>
        await TimeAsync("SELECT now()", cancellationToken) ?? throw new InvalidOperationException("the ledger has no time");

    public async Task<JobRow?> JobAsync(long id, CancellationToken cancellationToken) =>
        (await JobsAsync("WHERE id = @a", cancellationToken, id)).SingleOrDefault();

    /// <summary>Every job of <paramref name="cronName"/> whose slot is after <paramref name="after"/>, oldest slot first.</summary>
    public Task<IReadOnlyList<JobRow>> SlotsAfterAsync(string cronName, DateTimeOffset after, CancellationToken cancellationToken) =>
        JobsAsync("WHERE cron_name = @a AND cron_slot > @b ORDER BY cron_slot", cancellationToken, cronName, after);

    /// <summary>Jobs queued or running, other than the <c>seconds</c> tier's own backups.</summary>
    public Task<IReadOnlyList<JobRow>> BusyAsync(CancellationToken cancellationToken) =>
        JobsAsync("WHERE state IN ('available', 'executing', 'retryable', 'scheduled') AND coalesce(cron_name, '') <> @a ORDER BY id", cancellationToken, Lab.SecondsTier);

    /// <summary>The last slot the ledger recorded for <paramref name="cronName"/>, or null before any node ticked it.</summary>
    public Task<DateTimeOffset?> LastSlotAsync(string cronName, CancellationToken cancellationToken) =>
        TimeAsync("SELECT (SELECT last_slot FROM cron_entries WHERE name = @a)", cancellationToken, cronName);

    /// <summary>
    /// What no moment may show, whatever happened: a slot with two jobs, a job executing longer past its lease than a
    /// node takes to rescue it (<paramref name="rescueWithin"/>; only meaningful while a node runs), a failed attempt
    /// without its error row.
    /// </summary>
    public async Task<IReadOnlyList<string>> ViolationsAsync(TimeSpan? rescueWithin, CancellationToken cancellationToken)
    {
        var violations = new List<string>();
        violations.AddRange((await TextsAsync(
            "SELECT cron_name || ' ' || cron_slot::text || ': ' || count(*) || ' jobs' FROM jobs WHERE cron_name IS NOT NULL GROUP BY cron_name, cron_slot HAVING count(*) > 1",
            cancellationToken)).Select(s => $"the slot {s}: it ran more than once"));
        violations.AddRange((await TextsAsync(
            "SELECT 'job ' || id || ' (' || kind || ', ' || state || ', attempt ' || attempt || ')' FROM jobs j WHERE (state IN ('retryable', 'discarded') OR attempt > 1) AND NOT EXISTS (SELECT 1 FROM job_errors e WHERE e.job_id = j.id)",
            cancellationToken)).Select(s => $"{s} failed an attempt but has no error row"));
        if (rescueWithin is { } within)
        {
            violations.AddRange((await TextsAsync(
                "SELECT 'job ' || id || ' (' || kind || ', lease of ' || coalesce(lease_owner, '?') || ' expired at ' || lease_expires_at::text || ')' FROM jobs WHERE state = 'executing' AND lease_expires_at < now() - make_interval(secs => @a)",
                cancellationToken,
                within.TotalSeconds)).Select(s => $"{s} is stuck executing past its lease"));
        }

        return violations;
    }

    private async Task<IReadOnlyList<JobRow>> JobsAsync(string where, CancellationToken cancellationToken, params object[] values)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, $"SELECT id, kind, state, attempt, lease_owner, cron_name, cron_slot, coalesce(meta::jsonb ->> 'trigger', '') FROM jobs {where}", values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<JobRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new JobRow(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7)));
        }

        return rows;
    }

    private async Task<IReadOnlyList<string>> TextsAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var texts = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            texts.Add(reader.GetString(0));
        }

        return texts;
    }

    private async Task<DateTimeOffset?> TimeAsync(string sql, CancellationToken cancellationToken, params object[] values)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, sql, values);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetFieldValue<DateTimeOffset>(0) : null;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(lab.LedgerCluster.ConnectionString(Lab.LedgerDatabase));
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (value, name) in values.Zip(new[] { "a", "b", "c" }))
        {
            command.Parameters.AddWithValue(name, value is DateTimeOffset time ? time.ToUniversalTime() : value);
        }

        return command;
    }
}
