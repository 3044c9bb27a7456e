using System.Data.Common;

namespace Hourglass.Ledger;

/// <summary>
/// Alerts and their deliveries (schema 2). Opening, resolving and reminding are each one guarded statement plus the
/// deliveries in the same transaction, so whichever node wins the statement is the one that queues the messages.
/// </summary>
internal sealed partial class SqlJobLedger : IAlertLedger
{
    private const string AlertColumns = "id, key, kind, subject, message, opened_at, last_sent_at, resolved_at, resolved_message";

    public async Task<IReadOnlyList<AlertRecord>> AlertsAsync(bool openOnly, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT {AlertColumns} FROM alerts {(openOnly ? "WHERE resolved_at IS NULL" : "")} ORDER BY opened_at DESC, id DESC LIMIT @limit",
            ("limit", limit));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var alerts = new List<AlertRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(ReadAlert(reader));
        }

        return alerts;
    }

    public Task<IReadOnlyList<AlertDelivery>> DeliveriesAsync(long alertId, CancellationToken cancellationToken) =>
        DeliveriesAsync([alertId], cancellationToken);

    public async Task<IReadOnlyList<AlertDelivery>> DeliveriesAsync(IReadOnlyCollection<long> alertIds, CancellationToken cancellationToken)
    {
        if (alertIds.Count == 0)
        {
            return [];
        }

        // Ids are numbers we read from the ledger, so they can be written into the statement (as LastErrorsAsync does).
        var list = string.Join(", ", alertIds.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            $"SELECT id, alert_id, event, channel, state, attempts, next_at, sent_at, last_error FROM alert_deliveries WHERE alert_id IN ({list}) ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var deliveries = new List<AlertDelivery>();
        while (await reader.ReadAsync(cancellationToken))
        {
            deliveries.Add(new AlertDelivery(
                reader.GetInt64(0),
                reader.GetInt64(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetInt32(5),
                dialect.FromDb(reader.GetValue(6)),
                reader.IsDBNull(7) ? null : dialect.FromDb(reader.GetValue(7)),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return deliveries;
    }

    /// <summary>
    /// The partial unique index <c>alerts_open_key</c> turns a second open of the same key into "do nothing". The
    /// opened time is the one the "opened" message carries, not the database's: a receiver matches the "resolved"
    /// message (which carries the recorded time) to the "opened" one by it.
    /// </summary>
    public async Task<AlertRecord?> OpenAlertAsync(NewAlert alert, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginAsync(connection, cancellationToken);
        AlertRecord? opened = null;
        await using (var insert = Command(
            connection,
            transaction,
            $"""
            INSERT INTO alerts (key, kind, subject, message, opened_at, last_sent_at)
            VALUES (@key, @kind, @subject, @message, @opened_at, {dialect.Now})
            ON CONFLICT DO NOTHING
            RETURNING {AlertColumns}
            """,
            ("key", alert.Key),
            ("kind", alert.Kind),
            ("subject", alert.Subject),
            ("message", alert.Message),
            ("opened_at", dialect.ToDb(alert.OpenedAt))))
        await using (var reader = await insert.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                opened = ReadAlert(reader);
            }
        }

        if (opened is null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        await InsertDeliveriesAsync(connection, transaction, opened.Id, deliveries, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return opened;
    }

    public Task<bool> ResolveAlertAsync(long id, string message, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken) =>
        UpdateAlertAsync(
            id,
            $"resolved_at = {dialect.Now}, resolved_message = @message WHERE id = @id AND resolved_at IS NULL",
            "UPDATE alert_deliveries SET state = 'superseded', lease_owner = NULL, lease_expires_at = NULL WHERE alert_id = @id AND event = 'reminder' AND state = 'pending'",
            deliveries,
            cancellationToken,
            ("message", message));

    public Task<bool> RemindAlertAsync(long id, TimeSpan every, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken) =>
        UpdateAlertAsync(
            id,
            $"last_sent_at = {dialect.Now} WHERE id = @id AND resolved_at IS NULL AND last_sent_at <= {dialect.NowPlus("@back")}",
            null,
            deliveries,
            cancellationToken,
            ("back", -(long)every.TotalMilliseconds));

    /// <summary>
    /// A row waits while an earlier row (lower id) of its alert and channel is pending, leased or in backoff alike: an
    /// "opened" retrying for minutes must not be overtaken by the "resolved" queued after it.
    /// </summary>
    public async Task<IReadOnlyList<DueDelivery>> ClaimDeliveriesAsync(string owner, IReadOnlyCollection<string> channels, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        if (channels.Count == 0)
        {
            return [];
        }

        var names = channels.Select((name, i) => ($"channel{i}", (object?)name)).ToList();
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginAsync(connection, cancellationToken);
        var claimed = new List<DueDelivery>();
        await using (var command = Command(
            connection,
            transaction,
            $"""
            UPDATE alert_deliveries SET lease_owner = @owner, lease_expires_at = {dialect.NowPlus("@lease")}
            WHERE id IN (SELECT d.id FROM alert_deliveries d
                         WHERE d.state = 'pending' AND d.next_at <= {dialect.Now}
                           AND (d.lease_expires_at IS NULL OR d.lease_expires_at < {dialect.Now})
                           AND d.channel IN ({string.Join(", ", names.Select(n => "@" + n.Item1))})
                           AND NOT EXISTS (SELECT 1 FROM alert_deliveries earlier
                                           WHERE earlier.alert_id = d.alert_id AND earlier.channel = d.channel
                                             AND earlier.state = 'pending' AND earlier.id < d.id)
                         ORDER BY d.next_at, d.id LIMIT @limit {dialect.SkipLocked})
            RETURNING id, alert_id, event, channel, attempts, payload
            """,
            [("owner", owner), ("lease", (long)lease.TotalMilliseconds), ("limit", limit), .. names]))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new DueDelivery(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4), reader.GetString(5)));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return [.. claimed.OrderBy(d => d.Id)];
    }

    public async Task<bool> DeliverySentAsync(long id, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ExecuteAsync(
            connection,
            null,
            $"""
            UPDATE alert_deliveries SET state = 'sent', sent_at = {dialect.Now}, attempts = attempts + 1, lease_owner = NULL, lease_expires_at = NULL
            WHERE id = @id AND state = 'pending' AND lease_owner = @owner
            """,
            cancellationToken,
            ("id", id),
            ("owner", owner)) > 0;
    }

    public async Task<bool> DeliveryFailedAsync(long id, string owner, string error, TimeSpan? retryAfter, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        return await ExecuteAsync(
            connection,
            null,
            $"""
            UPDATE alert_deliveries SET state = CASE WHEN @retry = 1 THEN 'pending' ELSE 'failed' END,
                attempts = attempts + 1, last_error = @error, next_at = {dialect.NowPlus("@delay")}, lease_owner = NULL, lease_expires_at = NULL
            WHERE id = @id AND state = 'pending' AND lease_owner = @owner
            """,
            cancellationToken,
            ("id", id),
            ("owner", owner),
            ("error", error),
            ("retry", retryAfter is null ? 0 : 1),
            ("delay", (long)(retryAfter ?? TimeSpan.Zero).TotalMilliseconds)) > 0;
    }

    /// <summary>
    /// One guarded update of an alert (<c>SET …</c> from <paramref name="setAndWhere"/>) and, when it changed the row,
    /// <paramref name="thenDeliveries"/> (a statement on its queued deliveries, given <c>@id</c>) and its new deliveries.
    /// </summary>
    private async Task<bool> UpdateAlertAsync(long id, string setAndWhere, string? thenDeliveries, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var transaction = await dialect.BeginAsync(connection, cancellationToken);
        var updated = await ExecuteAsync(connection, transaction, $"UPDATE alerts SET {setAndWhere}", cancellationToken, [("id", id), .. parameters]);
        if (updated == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        if (thenDeliveries is not null)
        {
            await ExecuteAsync(connection, transaction, thenDeliveries, cancellationToken, ("id", id));
        }

        await InsertDeliveriesAsync(connection, transaction, id, deliveries, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private async Task InsertDeliveriesAsync(DbConnection connection, DbTransaction transaction, long alertId, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken)
    {
        foreach (var delivery in deliveries)
        {
            await ExecuteAsync(
                connection,
                transaction,
                $"""
                INSERT INTO alert_deliveries (alert_id, event, channel, state, attempts, next_at, payload)
                VALUES (@alert, @event, @channel, 'pending', 0, {dialect.Now}, @payload)
                """,
                cancellationToken,
                ("alert", alertId),
                ("event", delivery.Event),
                ("channel", delivery.Channel),
                ("payload", delivery.Payload));
        }
    }

    private AlertRecord ReadAlert(DbDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        dialect.FromDb(reader.GetValue(5)),
        dialect.FromDb(reader.GetValue(6)),
        reader.IsDBNull(7) ? null : dialect.FromDb(reader.GetValue(7)),
        reader.IsDBNull(8) ? null : reader.GetString(8));
}
