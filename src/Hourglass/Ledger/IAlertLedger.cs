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

    /// <summary>Every delivery of <paramref name="alertIds"/>' messages in one query (for listings), oldest first.</summary>
    Task<IReadOnlyList<AlertDelivery>> DeliveriesAsync(IReadOnlyCollection<long> alertIds, CancellationToken cancellationToken);

    /// <summary>
    /// Opens an alert for a problem and queues its <c>opened</c> deliveries, in one transaction. Null when an alert
    /// with the same key is already open: of any number of nodes opening one problem at once, exactly one gets it.
    /// </summary>
    Task<AlertRecord?> OpenAlertAsync(NewAlert alert, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>
    /// Resolves an open alert and queues its <c>resolved</c> deliveries, in one transaction; its <c>reminder</c>
    /// deliveries still pending are <c>superseded</c> (a reminder after the resolved message would say the opposite),
    /// while a pending <c>opened</c> one stays, so a receiver still hears "opened" before "resolved". False when it was
    /// already resolved (another node won).
    /// </summary>
    Task<bool> ResolveAlertAsync(long id, string message, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>
    /// Marks an open alert sent again and queues its <c>reminder</c> deliveries, when it was last sent at least
    /// <paramref name="every"/> ago by the ledger's clock. False otherwise (not due, resolved, or another node reminded it).
    /// </summary>
    Task<bool> RemindAlertAsync(long id, TimeSpan every, IReadOnlyList<NewDelivery> deliveries, CancellationToken cancellationToken);

    /// <summary>
    /// Leases up to <paramref name="limit"/> pending deliveries that are due to <paramref name="owner"/>: no two
    /// claimers get one row while its lease lasts. Only rows for <paramref name="channels"/> (the ones the claiming
    /// node can send) are claimed, and none while an earlier delivery of the same alert to the same channel is still
    /// pending, so each channel gets an alert's messages in order (opened, reminders, resolved).
    /// </summary>
    Task<IReadOnlyList<DueDelivery>> ClaimDeliveriesAsync(string owner, IReadOnlyCollection<string> channels, TimeSpan lease, int limit, CancellationToken cancellationToken);

    /// <summary>Records a delivery as sent; false when its lease is no longer <paramref name="owner"/>'s.</summary>
    Task<bool> DeliverySentAsync(long id, string owner, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed send with its error: pending again after <paramref name="retryAfter"/>, or <c>failed</c> for
    /// good when it is null. False when the lease is no longer <paramref name="owner"/>'s.
    /// </summary>
    Task<bool> DeliveryFailedAsync(long id, string owner, string error, TimeSpan? retryAfter, CancellationToken cancellationToken);
}

/// <summary>A problem to open an alert for.</summary>
/// <param name="Key">The problem's identity (kind and subject): one open alert per key.</param>
/// <param name="Kind">The event type, like <c>backup.failed</c>.</param>
/// <param name="Subject">What it is about, like <c>singularity/hourly</c>.</param>
/// <param name="Message">The one line sent.</param>
/// <param name="OpenedAt">When it opened: the time its "opened" message carries, which its "resolved" and reminders repeat.</param>
public sealed record NewAlert(string Key, string Kind, string Subject, string Message, DateTimeOffset OpenedAt);

/// <summary>One message to queue for one channel; <paramref name="Payload"/> is fixed now, so every retry sends the same bytes.</summary>
/// <param name="Channel"><c>webhook</c>, <c>slack</c> or <c>email</c>.</param>
/// <param name="Event"><c>opened</c>, <c>reminder</c> or <c>resolved</c>.</param>
/// <param name="Payload">What is sent, as the channel renders it; never a secret.</param>
public sealed record NewDelivery(string Channel, string Event, string Payload);

/// <summary>A delivery a sender leased.</summary>
/// <param name="Id">The row.</param>
/// <param name="AlertId">The alert it belongs to.</param>
/// <param name="Event"><c>opened</c>, <c>reminder</c> or <c>resolved</c>.</param>
/// <param name="Channel">Which channel sends it.</param>
/// <param name="Attempts">Sends tried before this one.</param>
/// <param name="Payload">What to send.</param>
public sealed record DueDelivery(long Id, long AlertId, string Event, string Channel, int Attempts, string Payload);

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
/// <param name="State"><c>pending</c>, <c>sent</c>, <c>failed</c> (gave up) or <c>superseded</c> (a reminder the alert's resolution made moot).</param>
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
