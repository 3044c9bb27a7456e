using Hourglass.Alerts;
using Hourglass.Configuration;

namespace Hourglass.Tests.Alerts;

/// <summary>The <c>alerts</c> section's rules: one line naming the key, before anything runs.</summary>
public sealed class AlertConfigTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("hourglass-alerts-config-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private HourglassOptions Load(string alerts)
    {
        File.WriteAllText(Path.Combine(_folder, "hourglass.json"), $$"""{ "databases": ["a"], "alerts": {{alerts}} }""");
        return ConfigLoader.Load(null, _folder);
    }

    [Theory]
    // Channels: exactly one URL source each.
    [InlineData("""{ "webhook": {} }""", "'alerts.webhook' has no url: set 'alerts.webhook.url', 'alerts.webhook.urlFile' or 'alerts.webhook.urlEnv'")]
    [InlineData("""{ "webhook": { "url": "https://h.example/x", "urlEnv": "HOOK" } }""", "'alerts.webhook' has 'alerts.webhook.url' and 'alerts.webhook.urlEnv': keep one")]
    [InlineData("""{ "webhook": { "url": "hooks.example/x" } }""", "'alerts.webhook.url' 'hooks.example/x' is not an http(s) URL")]
    [InlineData("""{ "webhook": { "url": "https://h.example/x", "secretFile": "s", "secretEnv": "S" } }""", "'alerts.webhook.secretFile' and 'alerts.webhook.secretEnv' are both set: keep one")]
    [InlineData("""{ "slack": {} }""", "'alerts.slack' has no url: set 'alerts.slack.urlFile' or 'alerts.slack.urlEnv'")]
    [InlineData("""{ "slack": { "urlFile": "a", "urlEnv": "B" } }""", "'alerts.slack' has 'alerts.slack.urlFile' and 'alerts.slack.urlEnv': keep one")]
    [InlineData("""{ "slack": { "url": "https://hooks.slack.com/x" } }""", "unknown key 'alerts.slack.url'")]
    [InlineData("""{ "ping": {} }""", "'alerts.ping' has no url")]
    // Email: a host, a sender, recipients, a known security.
    [InlineData("""{ "email": { "from": "h@example.com", "to": ["o@example.com"] } }""", "'alerts.email.host' is missing")]
    [InlineData("""{ "email": { "host": "smtp", "to": ["o@example.com"] } }""", "'alerts.email.from' is missing or not an address")]
    [InlineData("""{ "email": { "host": "smtp", "from": "h@example.com" } }""", "'alerts.email.to' must list one or more addresses")]
    [InlineData("""{ "email": { "host": "smtp", "from": "h@example.com", "to": ["o@example.com"], "security": "ssl" } }""", "'alerts.email.security' is 'ssl': use \"starttls\", \"tls\" or \"none\"")]
    [InlineData("""{ "email": { "host": "smtp", "from": "h@example.com", "to": ["o@example.com"], "port": 0 } }""", "'alerts.email.port' 0 is not a TCP port")]
    [InlineData("""{ "email": { "host": "smtp", "from": "h@example.com", "to": ["o@example.com"], "passwordEnv": "P" } }""", "'alerts.email' has a password but no 'username'")]
    [InlineData("""{ "email": { "host": "smtp.example.com", "security": "none", "from": "h@example.com", "to": ["o@example.com"], "username": "u", "passwordEnv": "P" } }""", "'alerts.email.security' is \"none\" with a password for smtp.example.com, which is not this machine")]
    [InlineData("""{ "email": { "host": "10.0.0.5", "security": "None", "from": "h@example.com", "to": ["o@example.com"], "username": "u", "passwordEnv": "P" } }""", "the password would cross the network in clear")]
    // Durations and files.
    [InlineData("""{ "grace": "00:00:00" }""", "'alerts.grace' must be a positive duration")]
    [InlineData("""{ "remindEvery": "-01:00:00" }""", "'alerts.remindEvery' must be a positive duration")]
    [InlineData("""{ "slack": { "urlFile": "no-such-file" } }""", "'alerts.slack.urlFile'")]
    [InlineData("""{ "webhook": { "url": "https://h.example/x", "secretFile": "missing-secret" } }""", "'alerts.webhook.secretFile'")]
    [InlineData("""{ "email": { "host": "smtp", "from": "h@example.com", "to": ["o@example.com"], "username": "u", "passwordFile": "nope" } }""", "'alerts.email.passwordFile'")]
    public void Load_BadAlertConfig_OneLineNamingTheKey(string alerts, string expected)
    {
        var error = Assert.Throws<HourglassException>(() => Load(alerts));

        Assert.Equal(ExitCode.Usage, error.ExitCode);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Load_EveryChannel_IsValid()
    {
        File.WriteAllText(Path.Combine(_folder, "slack-url"), "https://hooks.slack.example/T/B/x\n");

        var options = Load("""
            { "grace": "00:05:00", "webhook": { "urlEnv": "HOOK_URL", "secretEnv": "HOOK_SECRET" }, "slack": { "urlFile": "slack-url" },
              "email": { "host": "smtp.example.com", "port": 465, "security": "tls", "from": "h@example.com", "to": ["o@example.com"], "username": "h", "passwordEnv": "SMTP_PASSWORD" },
              "ping": { "urlEnv": "PING_URL" } }
            """);

        Assert.Equal(Path.Combine(_folder, "slack-url"), options.Alerts.Slack!.UrlFile);
        Assert.Equal(TimeSpan.FromMinutes(5), options.Alerts.Grace);
    }

    [Fact]
    public void Secrets_VariableMissingAtStart_OneLineNamingTheVariable()
    {
        var options = Load("""{ "slack": { "urlEnv": "HOURGLASS_TEST_NO_SUCH_VARIABLE" } }""");

        var error = Assert.Throws<HourglassException>(() => AlertSecrets.Read(options.Alerts));

        Assert.Equal(ExitCode.Usage, error.ExitCode);
        Assert.Equal("environment variable HOURGLASS_TEST_NO_SUCH_VARIABLE (named by 'alerts.slack.urlEnv') is not set or is empty: set it for the daemon, or remove the key", error.Message);
    }

    [Fact]
    public void Secrets_WebhookSecretWithoutPrefix_IsRefused()
    {
        File.WriteAllText(Path.Combine(_folder, "secret"), "not-a-whsec-secret");
        var options = Load("""{ "webhook": { "url": "https://h.example/x", "secretFile": "secret" } }""");

        var error = Assert.Throws<HourglassException>(() => AlertSecrets.Read(options.Alerts));

        Assert.StartsWith("the webhook signing secret named by 'alerts.webhook.secretFile' is not a Standard Webhooks secret", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    // As written in the file.
    [InlineData("https://hooks.slack.example/T000/B000/XXXXSECRET", "POST https://hooks.slack.example/T000/B000/XXXXSECRET failed", "POST [secret] failed")]
    // As an HTTP client quotes it: normalised, only its path and query, only its user info.
    [InlineData(
        "HTTPS://bot:pa55word@Hooks.Slack.Example/T000/B000/XXXXSECRET?k=v",
        "POST https://bot:pa55word@hooks.slack.example/T000/B000/XXXXSECRET?k=v failed; path /T000/B000/XXXXSECRET?k=v; user bot:pa55word",
        "POST [secret] failed; path [secret]; user [secret]")]
    public void Redact_SecretUrl_EveryFormAnErrorQuotes(string url, string text, string expected)
    {
        File.WriteAllText(Path.Combine(_folder, "slack-url"), url + "\n");
        var secrets = AlertSecrets.Read(Load("""{ "slack": { "urlFile": "slack-url" } }""").Alerts);

        Assert.Equal(expected, secrets.Redact(text));
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    [InlineData("LocalHost")]
    public void Load_SecurityNoneWithAPassword_OnLoopback_IsValid(string host)
    {
        var options = Load($$"""{ "email": { "host": "{{host}}", "security": "none", "from": "h@example.com", "to": ["o@example.com"], "username": "u", "passwordEnv": "P" } }""");

        Assert.Equal("none", options.Alerts.Email!.Security);
    }

    [Fact]
    public void Redact_InlineWebhookUrlWithAToken_IsASecret_WithoutOne_IsNot()
    {
        var tokened = AlertSecrets.Read(Load("""{ "webhook": { "url": "https://h.example/hook?token=t0ps3cret" } }""").Alerts);
        var plain = AlertSecrets.Read(Load("""{ "webhook": { "url": "https://h.example/hook" } }""").Alerts);

        Assert.Equal("POST [secret]: 500", tokened.Redact("POST https://h.example/hook?token=t0ps3cret: 500"));
        Assert.Equal("GET [secret]", tokened.Redact("GET /hook?token=t0ps3cret"));
        Assert.Equal("POST https://h.example/hook: 500", plain.Redact("POST https://h.example/hook: 500"));
    }
}
