using Hourglass.Ledger;
using Hourglass.Storage;

namespace Hourglass.Alerts;

/// <summary>The alerts as <c>hourglass alerts --json</c> prints them (and the API may return them): every open alert, then the most recent others, newest first. Add fields; never rename or remove them.</summary>
/// <param name="Alerts">The alerts with their deliveries.</param>
public sealed record AlertListDocument(IReadOnlyList<AlertDocument> Alerts)
{
    /// <summary>
    /// Reads every open alert and up to <paramref name="recent"/> of the newest ones (none when 0: open alerts only),
    /// each with its deliveries.
    /// </summary>
    public static async Task<AlertListDocument> ReadAsync(IAlertLedger ledger, int recent, CancellationToken cancellationToken)
    {
        var open = await ledger.AlertsAsync(openOnly: true, limit: 10_000, cancellationToken);
        var latest = recent > 0 ? await ledger.AlertsAsync(openOnly: false, limit: recent, cancellationToken) : [];
        var listed = open.Concat(latest).DistinctBy(a => a.Id).OrderByDescending(a => a.OpenedAt).ThenByDescending(a => a.Id).ToList();
        var deliveries = (await ledger.DeliveriesAsync([.. listed.Select(a => a.Id)], cancellationToken)).ToLookup(d => d.AlertId);
        return new AlertListDocument([.. listed.Select(alert => AlertDocument.From(alert, [.. deliveries[alert.Id]]))]);
    }
}

/// <summary>One alert: the problem, when it opened, was last sent and cleared, and each message's delivery.</summary>
/// <param name="Id">The ledger row.</param>
/// <param name="Key">The problem's key.</param>
/// <param name="Kind">The event type, like <c>backup.failed</c>.</param>
/// <param name="Subject">What it is about.</param>
/// <param name="Message">The line sent when it opened.</param>
/// <param name="State"><c>open</c> or <c>resolved</c>.</param>
/// <param name="OpenedAt">When it opened (UTC, ISO 8601).</param>
/// <param name="LastSentAt">When it was last sent (opened or reminded).</param>
/// <param name="ResolvedAt">When it cleared; null while open.</param>
/// <param name="ResolvedMessage">The line sent when it cleared.</param>
/// <param name="Deliveries">Each message to each channel, oldest first.</param>
public sealed record AlertDocument(
    long Id,
    string Key,
    string Kind,
    string Subject,
    string Message,
    string State,
    string OpenedAt,
    string LastSentAt,
    string? ResolvedAt,
    string? ResolvedMessage,
    IReadOnlyList<AlertDeliveryDocument> Deliveries)
{
    /// <summary>The document of one ledger row and its deliveries.</summary>
    public static AlertDocument From(AlertRecord alert, IReadOnlyList<AlertDelivery> deliveries) => new(
        alert.Id,
        alert.Key,
        alert.Kind,
        alert.Subject,
        alert.Message,
        alert.ResolvedAt is null ? "open" : "resolved",
        ManifestFile.FormatTime(alert.OpenedAt),
        ManifestFile.FormatTime(alert.LastSentAt),
        alert.ResolvedAt is { } resolved ? ManifestFile.FormatTime(resolved) : null,
        alert.ResolvedMessage,
        [.. deliveries.Select(d => new AlertDeliveryDocument(d.Id, d.Event, d.Channel, d.State, d.Attempts, ManifestFile.FormatTime(d.NextAt), d.SentAt is { } sent ? ManifestFile.FormatTime(sent) : null, d.LastError))]);
}

/// <summary>One message of an alert to one channel.</summary>
/// <param name="Id">The ledger row.</param>
/// <param name="Event"><c>opened</c>, <c>reminder</c> or <c>resolved</c>.</param>
/// <param name="Channel"><c>webhook</c>, <c>slack</c> or <c>email</c>.</param>
/// <param name="State"><c>pending</c> (queued or being retried), <c>sent</c>, <c>failed</c> (gave up) or <c>superseded</c> (a reminder not sent because the alert resolved first).</param>
/// <param name="Attempts">Sends tried so far.</param>
/// <param name="NextAt">When the next try is due (while pending).</param>
/// <param name="SentAt">When it was delivered.</param>
/// <param name="LastError">Why the last try failed (secrets taken out).</param>
public sealed record AlertDeliveryDocument(long Id, string Event, string Channel, string State, int Attempts, string NextAt, string? SentAt, string? LastError);
