using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Hourglass.Encryption;

/// <summary>
/// The base64 of age headers: standard alphabet, no padding, and only the canonical encoding, so that one header has
/// exactly one text and its MAC covers what was meant.
/// </summary>
internal static class UnpaddedBase64
{
    public static string Encode(ReadOnlySpan<byte> data) => Convert.ToBase64String(data).TrimEnd('=');

    public static bool TryDecode(string text, [NotNullWhen(true)] out byte[]? data) => TryDecode(Encoding.ASCII.GetBytes(text), out data);

    public static bool TryDecode(ReadOnlySpan<byte> text, [NotNullWhen(true)] out byte[]? data)
    {
        data = null;
        if (text.Length % 4 == 1 || text.ContainsAnyExcept(Alphabet))
        {
            return false;
        }

        var padded = new byte[(text.Length + 3) / 4 * 4];
        text.CopyTo(padded);
        padded.AsSpan(text.Length).Fill((byte)'=');
        var decoded = new byte[padded.Length / 4 * 3];
        if (Base64.DecodeFromUtf8(padded, decoded, out _, out var written) != OperationStatus.Done)
        {
            return false;
        }

        // The last character may carry bits past the data; they must be zero, or two texts would decode alike.
        var canonical = new byte[padded.Length];
        Base64.EncodeToUtf8(decoded.AsSpan(0, written), canonical, out _, out _);
        if (!canonical.AsSpan().SequenceEqual(padded))
        {
            return false;
        }

        data = decoded[..written];
        return true;
    }

    private static readonly SearchValues<byte> Alphabet =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);
}
