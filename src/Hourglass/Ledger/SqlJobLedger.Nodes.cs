namespace Hourglass.Ledger;

/// <summary>Cron entries and node heartbeats.</summary>
internal sealed partial class SqlJobLedger
{
    public async Task<IReadOnlyList<CronEntry>> CronEntriesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT name, expression, time_zone, last_slot FROM cron_entries ORDER BY name");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<CronEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            entries.Add(new CronEntry(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : dialect.FromDb(reader.GetValue(3))));
        }

        return entries;
    }

    public async Task SaveCronEntryAsync(CronEntry entry, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            """
            INSERT INTO cron_entries (name, expression, time_zone, last_slot) VALUES (@name, @expression, @zone, @last_slot)
            ON CONFLICT (name) DO UPDATE SET expression = excluded.expression, time_zone = excluded.time_zone,
                last_slot = CASE WHEN cron_entries.last_slot IS NULL OR excluded.last_slot > cron_entries.last_slot
                                 THEN excluded.last_slot ELSE cron_entries.last_slot END
            """,
            cancellationToken,
            ("name", entry.Name),
            ("expression", entry.Expression),
            ("zone", entry.TimeZone),
            ("last_slot", entry.LastSlot is { } slot ? dialect.ToDb(slot) : null));
    }

    public async Task HeartbeatAsync(string id, string host, DateTimeOffset startedAt, string? running, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(
            connection,
            null,
            $"""
            INSERT INTO nodes (id, host, started_at, heartbeat_at, running) VALUES (@id, @host, @started_at, {dialect.Now}, @running)
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = {dialect.Now}, running = excluded.running
            """,
            cancellationToken,
            ("id", id),
            ("host", host),
            ("started_at", dialect.ToDb(startedAt)),
            ("running", running));
    }

    public async Task RemoveNodeAsync(string id, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await ExecuteAsync(connection, null, "DELETE FROM nodes WHERE id = @id", cancellationToken, ("id", id));
    }

    public async Task<IReadOnlyList<NodeInfo>> NodesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT id, host, started_at, heartbeat_at, running FROM nodes ORDER BY started_at");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var nodes = new List<NodeInfo>();
        while (await reader.ReadAsync(cancellationToken))
        {
            nodes.Add(new NodeInfo(reader.GetString(0), reader.GetString(1), dialect.FromDb(reader.GetValue(2)), dialect.FromDb(reader.GetValue(3)), reader.IsDBNull(4) ? null : reader.GetString(4)));
        }

        return nodes;
    }
}
