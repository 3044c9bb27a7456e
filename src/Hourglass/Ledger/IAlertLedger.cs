namespace Hourglass.Ledger;

/// <summary>
/// The alerts the nodes have opened, reminded and resolved, and each message's delivery per channel. The ledger holds
/// them so several nodes send each message once. Implemented by both ledger stores, beside the jobs.
/// </summary>
public interface IAlertLedger
{
    /// <summary>Alerts newest first: only unresolved ones when <paramref name="openOnly"/>; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<AlertRecord>> AlertsAsync(bool openOnly, int limit, CancellationToken cancellationToken);

    /// <summary>Every delivery of one alert's messages, oldest first.</summary>
    Task<IReadOnlyList<AlertDelivery>> DeliveriesAsync(long alertId, CancellationToken cancellationToken);
}

/// <summary>One problem as the ledger keeps it: opened once, resolved once; <see cref="Key"/> names the problem (kind and subject).</summary>
/// <param name="Id">The row.</param>
/// <param name="Key">The problem's identity: kind and subject, one open row per key.</param>
/// <param name="Kind">The event type, like <c>backup.failed</c> or <c>disk.low</c>.</param>
/// <param name="Subject">What it is about, like <c>singularity/hourly</c> or a target's name.</param>
/// <param name="Message">The one line sent when it opened.</param>
/// <param name="OpenedAt">When it opened.</param>
/// <param name="LastSentAt">When it was last sent (opened or reminded).</param>
/// <param name="ResolvedAt">When it cleared; null while open.</param>
/// <param name="ResolvedMessage">The line sent when it cleared.</param>
public sealed record AlertRecord(
    long Id,
    string Key,
    string Kind,
    string Subject,
    string Message,
    DateTimeOffset OpenedAt,
    DateTimeOffset LastSentAt,
    DateTimeOffset? ResolvedAt,
    string? ResolvedMessage);

/// <summary>One message of an alert (<c>opened</c>, <c>reminder</c>, <c>resolved</c>, <c>test</c>) to one channel, and how sending it went.</summary>
/// <param name="Id">The row.</param>
/// <param name="AlertId">The alert it belongs to.</param>
/// <param name="Event"><c>opened</c>, <c>reminder</c>, <c>resolved</c> or <c>test</c>.</param>
/// <param name="Channel"><c>webhook</c>, <c>slack</c> or <c>email</c>.</param>
/// <param name="State"><c>pending</c>, <c>sent</c> or <c>failed</c> (gave up).</param>
/// <param name="Attempts">Sends tried so far.</param>
/// <param name="NextAt">When the next try is due (while pending).</param>
/// <param name="SentAt">When it was delivered.</param>
/// <param name="LastError">Why the last try failed.</param>
public sealed record AlertDelivery(
    long Id,
    long AlertId,
    string Event,
    string Channel,
    string State,
    int Attempts,
    DateTimeOffset NextAt,
    DateTimeOffset? SentAt,
    string? LastError);
