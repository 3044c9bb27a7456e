using System.Security.Cryptography;
using System.Text;

namespace Hourglass.Alerts;

/// <summary>
/// Standard Webhooks signing (standardwebhooks.com): the key is the base64 after <c>whsec_</c>, and the signature
/// of a message is <c>v1,</c> plus base64 HMAC-SHA256 of <c>{id}.{timestamp}.{body}</c>, so a receiver can check both
/// who sent it and that it is not replayed.
/// </summary>
internal static class WebhookSignature
{
    private const string Prefix = "whsec_";

    /// <summary>The HMAC key in a <c>whsec_…</c> secret; null when it is not one.</summary>
    public static byte[]? KeyFrom(string secret)
    {
        if (!secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            var key = Convert.FromBase64String(secret[Prefix.Length..]);
            return key.Length == 0 ? null : key;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>The <c>webhook-signature</c> header's value for a message.</summary>
    public static string Sign(byte[] key, string id, long timestamp, string body) =>
        "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture)}.{body}")));
}
