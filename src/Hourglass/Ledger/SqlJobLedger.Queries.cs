using System.Data.Common;

namespace Hourglass.Ledger;

/// <summary>What people do to jobs (cancel, retry), what they look at, and ledger pruning.</summary>
internal sealed partial class SqlJobLedger
{
    public async Task<bool> CancelAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        var queued = await ExecuteAsync(connection, null, $"UPDATE jobs SET state = 'cancelled', finished_at = {dialect.Now} WHERE id = @id AND state IN {Queued}", cancellationToken, ("id", id));
        return queued > 0
            || await ExecuteAsync(connection, null, "UPDATE jobs SET cancel_requested = TRUE WHERE id = @id AND state = 'executing'", cancellationToken, ("id", id)) > 0;
    }

    public async Task<bool> RetryAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ExecuteAsync(
            connection,
            null,
            $"""
            UPDATE jobs SET state = 'available', scheduled_at = {dialect.Now}, finished_at = NULL, cancel_requested = FALSE,
                            max_attempts = CASE WHEN attempt >= max_attempts THEN attempt + 1 ELSE max_attempts END
            WHERE id = @id AND state IN ('discarded', 'cancelled')
            """,
            cancellationToken,
            ("id", id)) > 0;
    }

    public async Task<int> PruneAsync(TimeSpan completed, TimeSpan failed, CancellationToken cancellationToken)
    {
        var old = $"""
            (state = 'completed' AND finished_at < {dialect.NowPlus("@completed")})
            OR (state IN ('discarded', 'cancelled') AND finished_at < {dialect.NowPlus("@failed")})
            """;
        (string, object?)[] ages = [("completed", -(long)completed.TotalMilliseconds), ("failed", -(long)failed.TotalMilliseconds)];
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginAsync(connection, cancellationToken);
        await ExecuteAsync(connection, transaction, $"DELETE FROM job_errors WHERE job_id IN (SELECT id FROM jobs WHERE {old})", cancellationToken, ages);
        var deleted = await ExecuteAsync(connection, transaction, $"DELETE FROM jobs WHERE {old}", cancellationToken, ages);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<Job?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ReadJobAsync(connection, null, id, cancellationToken);
    }

    public async Task<IReadOnlyList<Job>> ListAsync(JobQuery query, CancellationToken cancellationToken)
    {
        var filters = new List<string>();
        if (query.States is { Count: > 0 } states)
        {
            filters.Add($"state IN ({string.Join(", ", states.Select(s => $"'{Name(s)}'"))})");
        }

        if (query.Kind is { } kind)
        {
            filters.Add($"kind = '{Name(kind)}'");
        }

        var parameters = new List<(string, object?)> { ("limit", query.Limit) };
        if (query.Before is { } before)
        {
            filters.Add("id < @before");
            parameters.Add(("before", before));
        }

        var where = filters.Count > 0 ? "WHERE " + string.Join(" AND ", filters) : "";
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT {Columns} FROM jobs {where} ORDER BY id DESC LIMIT @limit", [.. parameters]);
        return await ReadJobsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyList<Job>> DiscardedLastInGroupAsync(JobKind kind, string? groupBy, CancellationToken cancellationToken)
    {
        string Group(string table) => groupBy is null ? $"{table}.args" : dialect.JsonField($"{table}.args", "@group");

        // Each discarded job looks forward (by id, the primary key) only until its group's next finished job: the
        // arguments are read for the discarded jobs and the jobs after them, not grouped over every job of the kind.
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"""
            SELECT {Columns} FROM jobs d
            WHERE d.kind = @kind AND d.state = 'discarded'
              AND NOT EXISTS (SELECT 1 FROM jobs later
                              WHERE later.id > d.id AND later.kind = d.kind AND later.state IN ('completed', 'discarded')
                                AND {Group("later")} = {Group("d")})
            ORDER BY d.id
            """,
            [("kind", Name(kind)), .. groupBy is null ? Array.Empty<(string, object?)>() : [("group", groupBy)]]);
        return await ReadJobsAsync(command, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<JobState, int>> CountByStateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        // The jobs_due index starts with state, so both stores count from the index alone.
        await using var command = Command(connection, null, "SELECT state, count(*) FROM jobs GROUP BY state");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var counts = Enum.GetValues<JobState>().ToDictionary(state => state, _ => 0);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts[Enum.Parse<JobState>(reader.GetString(0), ignoreCase: true)] = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
        }

        return counts;
    }

    public async Task<IReadOnlyList<JobError>> ErrorsAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT job_id, attempt, at, node, message FROM job_errors WHERE job_id = @id ORDER BY at, attempt", ("id", id));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var errors = new List<JobError>();
        while (await reader.ReadAsync(cancellationToken))
        {
            errors.Add(new JobError(reader.GetInt64(0), reader.GetInt32(1), dialect.FromDb(reader.GetValue(2)), reader.GetString(3), reader.GetString(4)));
        }

        return errors;
    }

    public async Task<IReadOnlyDictionary<long, string>> LastErrorsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        var last = new Dictionary<long, string>();
        if (ids.Count == 0)
        {
            return last;
        }

        // Ids are numbers we read from the ledger, so they can be written into the statement.
        var list = string.Join(", ", ids.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, $"SELECT job_id, message FROM job_errors WHERE job_id IN ({list}) ORDER BY at, attempt");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            last[reader.GetInt64(0)] = reader.GetString(1);
        }

        return last;
    }

    private async Task<Job?> ReadJobAsync(DbConnection connection, DbTransaction? transaction, long id, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, transaction, $"SELECT {Columns} FROM jobs WHERE id = @id", ("id", id));
        return (await ReadJobsAsync(command, cancellationToken)).SingleOrDefault();
    }

    private async Task<IReadOnlyList<Job>> ReadJobsAsync(DbCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var jobs = new List<Job>();
        while (await reader.ReadAsync(cancellationToken))
        {
            DateTimeOffset? Time(int ordinal) => reader.IsDBNull(ordinal) ? null : dialect.FromDb(reader.GetValue(ordinal));
            string? Text(int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
            jobs.Add(new Job
            {
                Id = reader.GetInt64(0),
                Kind = Enum.Parse<JobKind>(reader.GetString(1), ignoreCase: true),
                Args = reader.GetString(2),
                State = Enum.Parse<JobState>(reader.GetString(3), ignoreCase: true),
                Priority = reader.GetInt32(4),
                Attempt = reader.GetInt32(5),
                MaxAttempts = reader.GetInt32(6),
                ScheduledAt = Time(7)!.Value,
                InsertedAt = Time(8)!.Value,
                AttemptedAt = Time(9),
                FinishedAt = Time(10),
                LeaseOwner = Text(11),
                LeaseExpiresAt = Time(12),
                CancelRequested = LedgerDialect.BoolFromDb(reader.GetValue(13)),
                CronName = Text(14),
                CronSlot = Time(15),
                UniqueKey = Text(16),
                ConcurrencyKey = Text(17),
                Meta = reader.GetString(18),
            });
        }

        return jobs;
    }
}
