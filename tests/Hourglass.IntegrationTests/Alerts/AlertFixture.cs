using System.Security.Cryptography;
using System.Text;
using Hourglass.IntegrationTests.Infrastructure;
using Npgsql;

namespace Hourglass.IntegrationTests.Alerts;

/// <summary>
/// A test's alert channels on real servers: a webhook, Slack and a ping endpoint on one <see cref="HttpReceiver"/>,
/// email to the shared SMTP server under a recipient of the test's own, and every secret (the signing secret, the
/// Slack URL, the SMTP password, the ping URL) in files or variables, ready to be looked for where it must not be.
/// </summary>
internal sealed class AlertFixture : IAsyncDisposable
{
    private AlertFixture(string folder, HttpReceiver receiver, SmtpServer smtp)
    {
        Receiver = receiver;
        Smtp = smtp;
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        WebhookSecret = "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));
        SlackUrl = receiver.Url($"/slack/T000/B000/{token}");
        PingUrl = receiver.Url($"/ping/{Guid.NewGuid()}");
        To = $"ops-{token[..8]}@example.com";
        File.WriteAllText(Path.Combine(folder, "webhook.secret"), WebhookSecret + "\n");
        File.WriteAllText(Path.Combine(folder, "slack.url"), SlackUrl + "\n");
        File.WriteAllText(Path.Combine(folder, "smtp.password"), smtp.Password + "\n");
    }

    public HttpReceiver Receiver { get; }

    public SmtpServer Smtp { get; }

    public string WebhookSecret { get; }

    public string SlackUrl { get; }

    public string PingUrl { get; }

    /// <summary>This test's email recipient.</summary>
    public string To { get; }

    /// <summary>Every secret the config names.</summary>
    public IReadOnlyList<string> Secrets => [WebhookSecret, WebhookSecret["whsec_".Length..], SlackUrl, new Uri(SlackUrl).AbsolutePath, Smtp.Password, PingUrl, new Uri(PingUrl).AbsolutePath];

    /// <summary>The ping URL reaches the daemon through this environment variable.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { ["HOURGLASS_TEST_PING_URL"] = PingUrl };

    public IReadOnlyList<ReceivedRequest> Webhooks => [.. Receiver.Requests.Where(r => r.Path == "/webhook")];

    public IReadOnlyList<ReceivedRequest> Slack => [.. Receiver.Requests.Where(r => r.Path.StartsWith("/slack/", StringComparison.Ordinal))];

    public IReadOnlyList<ReceivedRequest> Pings => [.. Receiver.Requests.Where(r => r.Path.StartsWith(new Uri(PingUrl).AbsolutePath, StringComparison.Ordinal))];

    public static async Task<AlertFixture> StartAsync(string folder, SmtpServer smtp, CancellationToken cancellationToken)
    {
        await smtp.EnsureStartedAsync(cancellationToken);
        return new AlertFixture(folder, await HttpReceiver.StartAsync(), smtp);
    }

    /// <summary>The <c>alerts</c> section: every channel, with <paramref name="smtpPort"/> in place of the real server's when given.</summary>
    public object Config(string grace = "00:00:30", long minFreeBytes = 1, int? smtpPort = null) => new
    {
        grace,
        remindEvery = "06:00:00",
        minFreeBytes,
        webhook = new { url = Receiver.Url("/webhook"), secretFile = "webhook.secret" },
        slack = new { urlFile = "slack.url" },
        email = new { host = Smtp.Host, port = smtpPort ?? Smtp.Port, security = "none", from = "hourglass@example.com", to = new[] { To }, username = Smtp.User, passwordFile = "smtp.password" },
        ping = new { urlEnv = "HOURGLASS_TEST_PING_URL" },
    };

    /// <summary>
    /// A config that backs <paramref name="database"/> up every 5 s (tier <c>fast</c>, checksums only) with
    /// <paramref name="alerts"/> as its <c>alerts</c> section.
    /// </summary>
    public static object FastTier(PostgresCluster cluster, string database, object alerts) => new
    {
        databases = new[] { database },
        connection = new { host = cluster.Host, port = cluster.Port },
        compressionLevel = 1,
        verify = new { enabled = false },
        tiers = new { fast = new { cron = "*/5 * * * * *", keep = 3 } },
        alerts,
    };

    /// <summary>Checks a webhook's <c>webhook-signature</c> the way a receiver does, by the Standard Webhooks rules, independently of Hourglass's code.</summary>
    public bool SignatureVerifies(ReceivedRequest request)
    {
        var key = Convert.FromBase64String(WebhookSecret["whsec_".Length..]);
        var signed = $"{request.Headers["webhook-id"]}.{request.Headers["webhook-timestamp"]}.{request.Body}";
        var expected = "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(signed)));
        return request.Headers["webhook-signature"].Split(' ').Contains(expected);
    }

    /// <summary>Everything the ledger holds about alerts (keys, messages, payloads, errors), as one text.</summary>
    public static async Task<string> LedgerTextAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce((SELECT string_agg(key || ' ' || subject || ' ' || message || ' ' || coalesce(resolved_message, ''), E'\n') FROM alerts), '')
                || coalesce((SELECT string_agg(payload || ' ' || coalesce(last_error, '') || ' ' || coalesce(lease_owner, ''), E'\n') FROM alert_deliveries), '')
            """,
            connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    public async ValueTask DisposeAsync() => await Receiver.DisposeAsync();
}
