using Hourglass.Storage;

namespace Hourglass.Ledger;

/// <summary>
/// An alert as the API's <c>/api/v1/alerts</c> returns it: the problem, when it opened and cleared, and how each of
/// its messages went to each channel (stable; fields are only added). Carries no secret: channels are named, never
/// their addresses.
/// </summary>
/// <param name="Id">The alert's row.</param>
/// <param name="Key">The problem's identity (kind and subject).</param>
/// <param name="Kind">The event type, like <c>backup.failed</c>.</param>
/// <param name="Subject">What it is about, like <c>singularity/hourly</c>.</param>
/// <param name="Message">The line sent when it opened.</param>
/// <param name="Open">True until it is resolved.</param>
/// <param name="OpenedAt">When it opened.</param>
/// <param name="LastSentAt">When it was last sent (opened or reminded).</param>
/// <param name="ResolvedAt">When it cleared; null while open.</param>
/// <param name="ResolvedMessage">The line sent when it cleared.</param>
/// <param name="Deliveries">Every message of it to every channel, oldest first.</param>
public sealed record AlertDocument(
    long Id,
    string Key,
    string Kind,
    string Subject,
    string Message,
    bool Open,
    string OpenedAt,
    string LastSentAt,
    string? ResolvedAt,
    string? ResolvedMessage,
    IReadOnlyList<AlertDeliveryDocument> Deliveries)
{
    /// <summary>The document for <paramref name="alert"/> and its <paramref name="deliveries"/>.</summary>
    public static AlertDocument From(AlertRecord alert, IReadOnlyList<AlertDelivery> deliveries) => new(
        alert.Id,
        alert.Key,
        alert.Kind,
        alert.Subject,
        alert.Message,
        alert.ResolvedAt is null,
        ManifestFile.FormatTime(alert.OpenedAt),
        ManifestFile.FormatTime(alert.LastSentAt),
        alert.ResolvedAt is { } resolved ? ManifestFile.FormatTime(resolved) : null,
        alert.ResolvedMessage,
        deliveries.Select(AlertDeliveryDocument.From).ToList());
}

/// <summary>One message of an alert to one channel, in <see cref="AlertDocument"/>.</summary>
/// <param name="Event"><c>opened</c>, <c>reminder</c>, <c>resolved</c> or <c>test</c>.</param>
/// <param name="Channel"><c>webhook</c>, <c>slack</c> or <c>email</c>.</param>
/// <param name="State"><c>pending</c>, <c>sent</c> or <c>failed</c> (gave up).</param>
/// <param name="Attempts">Sends tried so far.</param>
/// <param name="NextAt">When the next try is due (while pending).</param>
/// <param name="SentAt">When it was delivered.</param>
/// <param name="LastError">Why the last try failed.</param>
public sealed record AlertDeliveryDocument(string Event, string Channel, string State, int Attempts, string NextAt, string? SentAt, string? LastError)
{
    /// <summary>The document for <paramref name="delivery"/>.</summary>
    public static AlertDeliveryDocument From(AlertDelivery delivery) => new(
        delivery.Event,
        delivery.Channel,
        delivery.State,
        delivery.Attempts,
        ManifestFile.FormatTime(delivery.NextAt),
        delivery.SentAt is { } sent ? ManifestFile.FormatTime(sent) : null,
        delivery.LastError);
}
