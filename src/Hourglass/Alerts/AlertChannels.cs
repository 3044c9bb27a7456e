using Hourglass.Configuration;

namespace Hourglass.Alerts;

/// <summary>
/// The channels the config names, with their secrets read: built once when the daemon starts (so a missing secret
/// stops the start), shared by the monitor (rendering), the sender and the dead man's switch (sending).
/// </summary>
public sealed class AlertChannels : IDisposable
{
    private readonly AlertHttp _http;

    internal AlertChannels(AlertOptions options, AlertSecrets secrets, TimeProvider time)
    {
        Secrets = secrets;
        _http = new AlertHttp(secrets, time);
        var channels = new List<IAlertChannel>();
        if (secrets.WebhookUrl is { } webhook)
        {
            channels.Add(new WebhookChannel(webhook, secrets.WebhookKey, _http, time));
        }

        if (secrets.SlackUrl is { } slack)
        {
            channels.Add(new SlackChannel(slack, _http));
        }

        if (options.Email is { } email)
        {
            channels.Add(new EmailChannel(email, secrets.EmailPassword, secrets, time));
        }

        All = channels;
        Names = [.. channels.Select(c => c.Name)];
    }

    /// <summary>True when a message channel or the ping is configured.</summary>
    public bool Any => All.Count > 0 || Secrets.PingUrl is not null;

    /// <summary>The secrets, for redacting errors.</summary>
    internal AlertSecrets Secrets { get; }

    /// <summary>The message channels (webhook, Slack, email), in that order.</summary>
    internal IReadOnlyList<IAlertChannel> All { get; }

    /// <summary>The message channels' names: the deliveries this node can send.</summary>
    internal IReadOnlyList<string> Names { get; }

    /// <summary>The HTTP sender the dead man's switch shares.</summary>
    internal AlertHttp Http => _http;

    /// <summary>Reads the secrets <paramref name="options"/> names and builds its channels; a usage error (exit 2) when a secret is missing.</summary>
    public static AlertChannels Create(AlertOptions options, TimeProvider time) => new(options, AlertSecrets.Read(options), time);

    /// <summary>
    /// Reads every secret <paramref name="options"/> names and keeps none: a usage error (exit 2) naming the first one
    /// missing, so <c>hourglass serve</c> says so in one line before anything starts.
    /// </summary>
    public static void EnsureSecretsReadable(AlertOptions options) => _ = AlertSecrets.Read(options);

    /// <summary>The channel called <paramref name="name"/>, or null when it is not configured on this node.</summary>
    internal IAlertChannel? Named(string name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>
    /// Why a send failed, safe to log and store: an <see cref="AlertSendException"/>'s reason as it is, anything else
    /// (a channel's library failing in a way it does not document) with its type and the secrets taken out.
    /// </summary>
    internal string Reason(Exception e) => e is AlertSendException ? e.Message : Secrets.Redact($"{e.GetType().Name}: {e.Message}");

    public void Dispose() => _http.Dispose();
}
