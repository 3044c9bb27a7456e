using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Hourglass.Encryption;

/// <summary>One recipient stanza of an age header: <c>-> TYPE ARGS…</c> and a base64 body.</summary>
internal sealed record AgeStanza(string Type, IReadOnlyList<string> Arguments, byte[] Body);

/// <summary>A header as read: its stanzas, the bytes its MAC covers, and the MAC it carries.</summary>
internal sealed record ParsedHeader(IReadOnlyList<AgeStanza> Stanzas, byte[] MacInput, byte[] Mac);

/// <summary>
/// The text header of an age file (age-encryption.org/v1): the version line, one stanza per recipient, and a closing
/// line with an HMAC over all of it. Parsing is strict, as the spec asks, so each header has one encoding only.
/// Failures are <see cref="InvalidDataException"/>s whose message completes "the file is damaged: …".
/// </summary>
internal static class AgeHeader
{
    private const int BytesPerBodyLine = 48;
    private const int MacSize = 32;

    // Far above any real header (twenty post-quantum recipients take 40 KiB), and keeps a wrong file from filling memory.
    private const int MaxHeaderSize = 1024 * 1024;

    private static ReadOnlySpan<byte> IntroLine => "age-encryption.org/v1"u8;

    private static ReadOnlySpan<byte> IntroPrefix => "age-encryption.org/"u8;

    /// <summary>The header for <paramref name="stanzas"/>, MACed with a key derived from <paramref name="fileKey"/>.</summary>
    public static byte[] Write(IReadOnlyList<AgeStanza> stanzas, ReadOnlySpan<byte> fileKey)
    {
        var header = new ArrayBufferWriter<byte>(256);
        header.Write(IntroLine);
        header.Write("\n"u8);
        foreach (var stanza in stanzas)
        {
            header.Write(Encoding.ASCII.GetBytes($"-> {string.Join(' ', stanza.Arguments.Prepend(stanza.Type))}\n"));
            for (var offset = 0; ; offset += BytesPerBodyLine)
            {
                var line = stanza.Body.AsSpan(offset, Math.Min(BytesPerBodyLine, stanza.Body.Length - offset));
                header.Write(Encoding.ASCII.GetBytes(UnpaddedBase64.Encode(line) + "\n"));
                if (line.Length < BytesPerBodyLine)
                {
                    break;
                }
            }
        }

        header.Write("---"u8);
        header.Write(Encoding.ASCII.GetBytes($" {UnpaddedBase64.Encode(Mac(fileKey, header.WrittenSpan))}\n"));
        return header.WrittenSpan.ToArray();
    }

    /// <summary>True when the header's MAC is the one <paramref name="fileKey"/> gives: the header is as written.</summary>
    public static bool MacMatches(ParsedHeader header, ReadOnlySpan<byte> fileKey) =>
        CryptographicOperations.FixedTimeEquals(Mac(fileKey, header.MacInput), header.Mac);

    /// <summary>Reads the header from <paramref name="input"/>, leaving it at the payload.</summary>
    public static async Task<ParsedHeader> ReadAsync(SourceBuffer input, CancellationToken cancellationToken)
    {
        var header = new ArrayBufferWriter<byte>(256);
        var intro = await ReadLineAsync(input, header, maxLength: 64, cancellationToken);
        if (intro is not { } introLine)
        {
            throw input.Buffered.IsEmpty ? new InvalidDataException("the file is empty") : EndsInHeader();
        }

        if (!introLine.Span.SequenceEqual(IntroLine))
        {
            throw new InvalidDataException(
                introLine.Span.EndsWith("\r"u8) ? "its header lines end in CR LF (was it converted as text?)"
                : introLine.Span.StartsWith(IntroPrefix) ? "it is in a version of the age format other than v1"
                : "it does not begin with the age header line age-encryption.org/v1");
        }

        var stanzas = new List<AgeStanza>();
        while (true)
        {
            var start = header.WrittenCount;
            var line = await ReadLineAsync(input, header, input.Capacity, cancellationToken) ?? throw EndsInHeader();
            if (line.Span.StartsWith("---"u8))
            {
                return new ParsedHeader(stanzas, header.WrittenSpan[..(start + 3)].ToArray(), ClosingLineMac(line.Span));
            }

            if (!line.Span.StartsWith("->"u8))
            {
                throw new InvalidDataException("its header has a line that is neither a stanza nor the closing line");
            }

            var (type, arguments) = StanzaLine(line.Span);
            var body = new ArrayBufferWriter<byte>(BytesPerBodyLine);
            while (true)
            {
                var bodyLine = await ReadLineAsync(input, header, input.Capacity, cancellationToken) ?? throw EndsInHeader();
                if (!UnpaddedBase64.TryDecode(bodyLine.Span, out var bytes))
                {
                    throw new InvalidDataException("its header has a stanza body line that is not canonical base64 (or a stanza that does not end with a short line)");
                }

                if (bytes.Length > BytesPerBodyLine)
                {
                    throw new InvalidDataException("its header has a stanza body line longer than 64 columns");
                }

                body.Write(bytes);
                if (bytes.Length < BytesPerBodyLine)
                {
                    break;
                }
            }

            stanzas.Add(new AgeStanza(type, arguments, body.WrittenSpan.ToArray()));
        }
    }

    private static byte[] Mac(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> macInput)
    {
        Span<byte> key = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, key, salt: [], info: "header"u8);
        var mac = HMACSHA256.HashData(key, macInput);
        CryptographicOperations.ZeroMemory(key);
        return mac;
    }

    private static (string Type, IReadOnlyList<string> Arguments) StanzaLine(ReadOnlySpan<byte> line)
    {
        var parts = Fields(line);
        if (parts is null || parts[0] != "->" || parts.Length < 2 || parts.Skip(1).Any(part => part.Length == 0))
        {
            throw new InvalidDataException("its header has a malformed stanza line");
        }

        return (parts[1], parts[2..]);
    }

    private static byte[] ClosingLineMac(ReadOnlySpan<byte> line)
    {
        if (Fields(line) is not ["---", var text] || !UnpaddedBase64.TryDecode(text, out var mac) || mac.Length != MacSize)
        {
            throw new InvalidDataException("its header's closing line is malformed");
        }

        return mac;
    }

    /// <summary>A header line's space-separated fields; null when it has anything but printable ASCII and spaces.</summary>
    private static string[]? Fields(ReadOnlySpan<byte> line) =>
        line.ContainsAnyExceptInRange((byte)' ', (byte)'~') ? null : Encoding.ASCII.GetString(line).Split(' ');

    /// <summary>
    /// The next line without its newline, appended (with it) to <paramref name="header"/>; null when the source ends
    /// first, leaving the unfinished line buffered. The memory returned is valid until the next append.
    /// </summary>
    private static async ValueTask<ReadOnlyMemory<byte>?> ReadLineAsync(SourceBuffer input, ArrayBufferWriter<byte> header, int maxLength, CancellationToken cancellationToken)
    {
        var scanned = 0;
        while (true)
        {
            var newline = input.Buffered[scanned..].IndexOf((byte)'\n');
            var length = newline < 0 ? input.Buffered.Length : scanned + newline;
            if (length > maxLength)
            {
                throw new InvalidDataException(maxLength < input.Capacity
                    ? "it does not begin with the age header line age-encryption.org/v1"
                    : "its header has a line too long for any age header");
            }

            if (header.WrittenCount + length > MaxHeaderSize)
            {
                throw new InvalidDataException("its header is larger than any age header (1 MiB)");
            }

            if (newline >= 0)
            {
                var start = header.WrittenCount;
                header.Write(input.Buffered[..(length + 1)]);
                input.Consume(length + 1);
                return header.WrittenMemory[start..^1];
            }

            scanned = length;
            if (await input.FillAsync(scanned + 1, useAsync: true, cancellationToken) == scanned)
            {
                return null;
            }
        }
    }

    private static InvalidDataException EndsInHeader() => new("it ends inside the header");
}
