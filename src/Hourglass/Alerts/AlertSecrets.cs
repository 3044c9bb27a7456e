using Hourglass.Configuration;

namespace Hourglass.Alerts;

/// <summary>
/// The alert channels' secrets, read once when the daemon starts from the files and environment variables
/// <see cref="AlertOptions"/> names: a missing one stops the start with one line (exit 2) before anything runs.
/// <see cref="Redact"/> takes every one of them out of a text (an HTTP client's error can quote a URL, in its own
/// normalised form or only its path), so nothing logged or stored in the ledger holds one.
/// </summary>
internal sealed class AlertSecrets
{
    private const string Hidden = "[secret]";
    private readonly IReadOnlyList<string> _values;

    private AlertSecrets(string? webhookUrl, byte[]? webhookKey, string? slackUrl, string? emailPassword, string? pingUrl, IReadOnlyList<string> values)
    {
        WebhookUrl = webhookUrl;
        WebhookKey = webhookKey;
        SlackUrl = slackUrl;
        EmailPassword = emailPassword;
        PingUrl = pingUrl;
        _values = values;
    }

    /// <summary>The webhook's URL (from <c>url</c>, <c>urlFile</c> or <c>urlEnv</c>).</summary>
    public string? WebhookUrl { get; }

    /// <summary>The webhook's HMAC key: the base64-decoded part of the <c>whsec_</c> secret; null when messages go unsigned.</summary>
    internal byte[]? WebhookKey { get; }

    /// <summary>The Slack incoming webhook's URL.</summary>
    public string? SlackUrl { get; }

    /// <summary>The SMTP password.</summary>
    internal string? EmailPassword { get; }

    /// <summary>The dead man's switch's ping URL.</summary>
    public string? PingUrl { get; }

    /// <summary>Reads every secret the configured channels name. Throws a usage error (exit 2) naming the key of the first one missing.</summary>
    public static AlertSecrets Read(AlertOptions options)
    {
        var values = new List<string>();
        string? Secret(string? file, string? variable, string key)
        {
            var value = ReadOne(file, variable, key);
            if (value is not null)
            {
                values.Add(value);
            }

            return value;
        }

        var webhookUrl = options.Webhook is { } webhook ? webhook.Url ?? Secret(webhook.UrlFile, webhook.UrlEnv, "alerts.webhook.urlFile") : null;
        var webhookSecret = options.Webhook is { } signed ? Secret(signed.SecretFile, signed.SecretEnv, "alerts.webhook.secretFile") : null;
        var slackUrl = options.Slack is { } slack ? Secret(slack.UrlFile, slack.UrlEnv, "alerts.slack.urlFile") : null;
        var password = options.Email is { } email ? Secret(email.PasswordFile, email.PasswordEnv, "alerts.email.passwordFile") : null;
        var pingUrl = options.Ping is { } ping ? Secret(ping.UrlFile, ping.UrlEnv, "alerts.ping.urlFile") : null;
        EnsureUrl(webhookUrl, "alerts.webhook.url");
        EnsureUrl(slackUrl, "alerts.slack.urlFile");
        EnsureUrl(pingUrl, "alerts.ping.urlFile");
        // An inline webhook URL is not a secret, unless it carries a token in its query or a password in its user info.
        var secretWebhookUrl = webhookUrl is not null && (webhookUrl != options.Webhook?.Url || CarriesCredentials(webhookUrl)) ? webhookUrl : null;
        foreach (var url in new[] { secretWebhookUrl, slackUrl, pingUrl }.OfType<string>())
        {
            values.AddRange(Forms(url));
        }

        var key = webhookSecret is null ? null : WebhookSignature.KeyFrom(webhookSecret) ?? throw Errors.WebhookSecretInvalid(options.Webhook?.SecretEnv is { } env ? $"alerts.webhook.secretEnv ({env})" : "alerts.webhook.secretFile");
        return new AlertSecrets(webhookUrl, key, slackUrl, password, pingUrl, values);
    }

    /// <summary><paramref name="text"/> with every secret replaced by <c>[secret]</c>.</summary>
    public string Redact(string text)
    {
        foreach (var value in _values.Where(v => v.Length >= 4).OrderByDescending(v => v.Length))
        {
            text = text.Replace(value, Hidden, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>A URL as an error may quote it: as given, normalised, unescaped, its path and query, its user info.</summary>
    private static IEnumerable<string> Forms(string url)
    {
        yield return url;
        var uri = new Uri(url, UriKind.Absolute);
        yield return uri.AbsoluteUri;
        yield return uri.ToString();
        if (uri.PathAndQuery.Length > 1)
        {
            yield return uri.PathAndQuery;
        }

        if (uri.UserInfo.Length > 0)
        {
            yield return uri.UserInfo;
        }
    }

    private static bool CarriesCredentials(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Query.Length > 0 || uri.UserInfo.Length > 0);

    private static string? ReadOne(string? file, string? variable, string key)
    {
        if (file is not null)
        {
            string text;
            try
            {
                text = File.Exists(file) ? File.ReadAllText(file).Trim() : "";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Errors.AlertSecretUnreadable(key, file, e is UnauthorizedAccessException ? "permission denied" : e.Message);
            }

            return text.Length > 0 ? text : throw Errors.AlertSecretFileMissing(key, file);
        }

        if (variable is not null)
        {
            var value = Environment.GetEnvironmentVariable(variable)?.Trim();
            return string.IsNullOrEmpty(value) ? throw Errors.AlertSecretVariableMissing(key.Replace("File", "Env", StringComparison.Ordinal), variable) : value;
        }

        return null;
    }

    private static void EnsureUrl(string? url, string key)
    {
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            throw Errors.AlertUrlInvalid(key);
        }
    }
}
