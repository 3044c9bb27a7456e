namespace Hourglass.Encryption;

/// <summary>
/// Bech32 (BIP 173), the text form of age keys: <c>age1…</c> recipients and <c>AGE-SECRET-KEY-1…</c> identities.
/// Decoding writes into the caller's buffers, so a secret key's bytes live only where the caller can wipe them.
/// </summary>
internal static class Bech32
{
    /// <summary>BIP 173's limit; age keeps to it, so a longer text is not a key.</summary>
    public const int MaxLength = 90;

    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private const int ChecksumLength = 6;
    private static readonly uint[] Generator = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

    /// <summary>The lower-case Bech32 text of <paramref name="data"/> under the lower-case <paramref name="hrp"/>.</summary>
    public static string Encode(string hrp, ReadOnlySpan<byte> data)
    {
        Span<byte> values = stackalloc byte[((data.Length * 8) + 4) / 5 + ChecksumLength];
        var count = 0;
        var accumulator = 0;
        var bits = 0;
        foreach (var b in data)
        {
            accumulator = (accumulator << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                bits -= 5;
                values[count++] = (byte)((accumulator >> bits) & 31);
            }
        }

        if (bits > 0)
        {
            values[count++] = (byte)((accumulator << (5 - bits)) & 31);
        }

        var checksum = Polymod(hrp, values[..count], withChecksumSpace: true) ^ 1;
        for (var i = 0; i < ChecksumLength; i++)
        {
            values[count++] = (byte)((checksum >> (5 * (5 - i))) & 31);
        }

        var text = new System.Text.StringBuilder(hrp.Length + 1 + count).Append(hrp).Append('1');
        foreach (var value in values[..count])
        {
            text.Append(Charset[value]);
        }

        return text.ToString();
    }

    /// <summary>
    /// Decodes <paramref name="text"/> into <paramref name="data"/> (which must hold <c>text.Length</c> bytes):
    /// the human-readable part as written (age compares it case-sensitively), the number of bytes written, or the
    /// reason it is not Bech32. Never quotes the text, which may be a secret key.
    /// </summary>
    public static bool TryDecode(ReadOnlySpan<char> text, Span<byte> data, out string hrp, out int written, out string problem)
    {
        hrp = "";
        written = 0;
        if (text.Length > MaxLength)
        {
            problem = $"it is longer than {MaxLength} characters";
            return false;
        }

        var hasLower = text.ContainsAnyInRange('a', 'z');
        var hasUpper = text.ContainsAnyInRange('A', 'Z');
        if (hasLower && hasUpper)
        {
            problem = "it mixes upper and lower case";
            return false;
        }

        var separator = text.LastIndexOf('1');
        if (separator < 1 || separator + 1 + ChecksumLength > text.Length)
        {
            problem = "it is not in the form PREFIX1DATA";
            return false;
        }

        foreach (var c in text[..separator])
        {
            if (c is < '!' or > '~')
            {
                problem = "its prefix has a character that is not printable ASCII";
                return false;
            }
        }

        Span<byte> values = stackalloc byte[MaxLength];
        var dataPart = text[(separator + 1)..];
        try
        {
            for (var i = 0; i < dataPart.Length; i++)
            {
                var index = Charset.IndexOf(char.ToLowerInvariant(dataPart[i]), StringComparison.Ordinal);
                if (index < 0)
                {
                    problem = "it has a character that is not in the Bech32 alphabet";
                    return false;
                }

                values[i] = (byte)index;
            }

            var lowerHrp = new string(text[..separator]).ToLowerInvariant();
            if (Polymod(lowerHrp, values[..dataPart.Length], withChecksumSpace: false) != 1)
            {
                problem = "its checksum does not match (a character is wrong or missing)";
                return false;
            }

            if (!FromFiveBits(values[..(dataPart.Length - ChecksumLength)], data, out written))
            {
                CryptographicWipe(data);
                problem = "its data has invalid padding";
                return false;
            }

            hrp = new string(text[..separator]);
            problem = "";
            return true;
        }
        finally
        {
            CryptographicWipe(values);
        }
    }

    private static bool FromFiveBits(ReadOnlySpan<byte> values, Span<byte> data, out int written)
    {
        written = 0;
        var accumulator = 0;
        var bits = 0;
        foreach (var value in values)
        {
            accumulator = ((accumulator << 5) | value) & 0xFFF;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                data[written++] = (byte)(accumulator >> bits);
            }
        }

        // What is left must be fewer than five bits, all zero: anything else is not what an encoder writes.
        return bits < 5 && (accumulator & ((1 << bits) - 1)) == 0;
    }

    private static uint Polymod(string hrp, ReadOnlySpan<byte> values, bool withChecksumSpace)
    {
        var check = 1u;
        foreach (var c in hrp)
        {
            check = Step(check, (byte)(c >> 5));
        }

        check = Step(check, 0);
        foreach (var c in hrp)
        {
            check = Step(check, (byte)(c & 31));
        }

        foreach (var value in values)
        {
            check = Step(check, value);
        }

        if (withChecksumSpace)
        {
            for (var i = 0; i < ChecksumLength; i++)
            {
                check = Step(check, 0);
            }
        }

        return check;
    }

    private static uint Step(uint check, byte value)
    {
        var top = check >> 25;
        check = ((check & 0x1ffffff) << 5) ^ value;
        for (var i = 0; i < 5; i++)
        {
            if (((top >> i) & 1) == 1)
            {
                check ^= Generator[i];
            }
        }

        return check;
    }

    private static void CryptographicWipe(Span<byte> buffer) => System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
}
