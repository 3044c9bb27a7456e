using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Hourglass.Alerts;

/// <summary>
/// A generic webhook, the Standard Webhooks way: the body is <c>{type, timestamp, data}</c>, and each send carries
/// <c>webhook-id</c> (the same for every retry of one delivery, so a receiver can drop duplicates),
/// <c>webhook-timestamp</c> (unix seconds of this send) and, with a signing secret, <c>webhook-signature</c>.
/// </summary>
internal sealed class WebhookChannel(string url, byte[]? key, AlertHttp http, TimeProvider time) : IAlertChannel
{
    public string Name => "webhook";

    public string Render(AlertMessage message) => JsonSerializer.Serialize(message, AlertJsonContext.Default.AlertMessage);

    public Task SendAsync(string messageId, string payload, CancellationToken cancellationToken)
    {
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds();
        List<(string, string)> headers = [("webhook-id", messageId), ("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture))];
        if (key is not null)
        {
            headers.Add(("webhook-signature", WebhookSignature.Sign(key, messageId, timestamp, payload)));
        }

        return http.PostAsync(url, payload, "application/json", headers, cancellationToken);
    }

    /// <summary>A delivery's message id: its row and a digest of its payload, stable across retries and unlike any other ledger's row of that number.</summary>
    public static string MessageId(long deliveryId, string payload) =>
        $"msg_{deliveryId.ToString(CultureInfo.InvariantCulture)}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload)))[..12]}";
}
