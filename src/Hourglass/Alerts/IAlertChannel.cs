namespace Hourglass.Alerts;

/// <summary>
/// Somewhere alerts are sent. Rendering happens when the message is queued (the payload is stored and every retry
/// sends the same bytes); sending happens on the sender's loop, never on a backup's path. A failed send throws
/// <see cref="AlertSendException"/> with a reason that holds no secret.
/// </summary>
internal interface IAlertChannel
{
    /// <summary><c>webhook</c>, <c>slack</c> or <c>email</c>: the deliveries' channel column.</summary>
    string Name { get; }

    /// <summary>The payload for <paramref name="message"/>, as stored and sent; never a secret.</summary>
    string Render(AlertMessage message);

    /// <summary>Sends a stored payload. <paramref name="messageId"/> is stable across retries of one delivery.</summary>
    Task SendAsync(string messageId, string payload, CancellationToken cancellationToken);
}

/// <summary>A send that failed, with a reason safe to log and store (secrets already taken out).</summary>
public sealed class AlertSendException : Exception
{
    public AlertSendException()
    {
    }

    public AlertSendException(string message)
        : base(message)
    {
    }

    public AlertSendException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
