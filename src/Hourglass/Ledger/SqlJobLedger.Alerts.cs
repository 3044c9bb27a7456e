namespace Hourglass.Ledger;

/// <summary>Alerts and their deliveries (schema 2).</summary>
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
            alerts.Add(new AlertRecord(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                dialect.FromDb(reader.GetValue(5)),
                dialect.FromDb(reader.GetValue(6)),
                reader.IsDBNull(7) ? null : dialect.FromDb(reader.GetValue(7)),
                reader.IsDBNull(8) ? null : reader.GetString(8)));
        }

        return alerts;
    }

    public async Task<IReadOnlyList<AlertDelivery>> DeliveriesAsync(long alertId, CancellationToken cancellationToken)
    {
        await using var connection = await dialect.OpenAsync(cancellationToken);
        await using var command = Command(
            connection,
            null,
            "SELECT id, alert_id, event, channel, state, attempts, next_at, sent_at, last_error FROM alert_deliveries WHERE alert_id = @alert ORDER BY id",
            ("alert", alertId));
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
}
