namespace Hourglass.Configuration;

/// <summary>
/// Who is told when something is wrong, and when (README "Alerts"). Any combination of channels; none means alerts
/// are still recorded in the ledger and shown on the dashboard, but sent nowhere. Secrets (signing secrets, Slack
/// URLs, SMTP passwords, ping URLs) come from files or environment variables, never from this file.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>How long after a tier's slot its set may take before the slot counts as missed. Default 15 minutes.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often an unresolved alert is sent again. Default 6 hours.</summary>
    public TimeSpan RemindEvery { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Free bytes of the backup root below which disk is low (it is also low below twice the biggest tier's last set). Default 1 GiB.</summary>
    public long MinFreeBytes { get; set; } = 1L << 30;

    /// <summary>A generic HTTP webhook, signed the Standard Webhooks way. Default none.</summary>
    public WebhookAlertOptions? Webhook { get; set; }

    /// <summary>A Slack incoming webhook. Default none.</summary>
    public SlackAlertOptions? Slack { get; set; }

    /// <summary>Email through an SMTP server. Default none.</summary>
    public EmailAlertOptions? Email { get; set; }

    /// <summary>A dead man's switch (healthchecks.io style) pinged for every tier's slot, so an outside monitor notices silence. Default none.</summary>
    public PingOptions? Ping { get; set; }
}

/// <summary>A generic webhook: POSTs <c>{type, timestamp, data}</c> with <c>webhook-id</c>, <c>webhook-timestamp</c> and <c>webhook-signature</c> headers.</summary>
public sealed class WebhookAlertOptions
{
    /// <summary>The URL, when it holds no secret. Else use <see cref="UrlFile"/> or <see cref="UrlEnv"/>.</summary>
    public string? Url { get; set; }

    /// <summary>A file holding the URL.</summary>
    public string? UrlFile { get; set; }

    /// <summary>An environment variable holding the URL.</summary>
    public string? UrlEnv { get; set; }

    /// <summary>A file holding the signing secret (<c>whsec_…</c>). Default none: messages go unsigned.</summary>
    public string? SecretFile { get; set; }

    /// <summary>An environment variable holding the signing secret.</summary>
    public string? SecretEnv { get; set; }
}

/// <summary>A Slack incoming webhook; its URL is the secret, so it comes from a file or an environment variable.</summary>
public sealed class SlackAlertOptions
{
    public string? UrlFile { get; set; }

    public string? UrlEnv { get; set; }
}

/// <summary>Email through an SMTP server.</summary>
public sealed class EmailAlertOptions
{
    public string? Host { get; set; }

    /// <summary>Default 587.</summary>
    public int Port { get; set; } = 587;

    /// <summary><c>starttls</c> (default), <c>tls</c> (implicit, port 465) or <c>none</c> (loopback relays only).</summary>
    public string Security { get; set; } = "starttls";

    public string? From { get; set; }

    public IList<string> To { get; set; } = [];

    /// <summary>Who to sign in as. Default none: no authentication.</summary>
    public string? Username { get; set; }

    public string? PasswordFile { get; set; }

    public string? PasswordEnv { get; set; }
}

/// <summary>A dead man's switch: <c>{url}/start</c> when a tier's slot starts, <c>{url}</c> when its set is good, <c>{url}/fail</c> when it failed.</summary>
public sealed class PingOptions
{
    /// <summary>A file holding the ping URL (it identifies the check, so it is treated as a secret).</summary>
    public string? UrlFile { get; set; }

    public string? UrlEnv { get; set; }
}
