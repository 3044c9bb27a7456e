using System.Security.Cryptography;
using System.Text;

namespace Hourglass.Ledger;

/// <summary>
/// Makes and recognises bearer tokens. A token is <c>hg_</c> and 256 random bits, so a fast hash (SHA-256) is enough
/// to store it: unlike a password there is nothing to guess, so the slow hashing a password needs would only slow
/// down every scrape. The <c>hg_</c> prefix lets secret scanners and people tell a Hourglass token on sight.
/// </summary>
public static class ApiTokenSecret
{
    /// <summary>What every token starts with.</summary>
    public const string Prefix = "hg_";

    /// <summary>A new token, to show once, and the hash to store.</summary>
    public static (string Token, string Hash) New()
    {
        var token = Prefix + System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (token, Hash(token));
    }

    /// <summary>The stored form of <paramref name="token"/>: lower-case hex SHA-256 of its UTF-8 bytes.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>True for a name a token may have: 1 to 64 letters, digits, '.', '-' or '_' (it appears in lists and logs).</summary>
    public static bool IsValidName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

}
