using System.Security.Cryptography;
using NSec.Cryptography;
using ChaCha20Poly1305 = System.Security.Cryptography.ChaCha20Poly1305;

namespace Hourglass.Encryption;

/// <summary>
/// Someone a backup is encrypted to: an age X25519 public key, written <c>age1…</c> as <c>age-keygen</c> prints it.
/// Two recipients are equal when their keys are, so a configured recipient can be checked against an identity's
/// <see cref="AgeIdentity.Recipient"/>.
/// </summary>
public sealed class AgeRecipient : IEquatable<AgeRecipient>
{
    internal const string StanzaType = "X25519";
    internal const int KeySize = 32;
    private const string Prefix = "age";

    private readonly byte[] _key;
    private readonly string _text;

    internal AgeRecipient(ReadOnlySpan<byte> key)
    {
        _key = key.ToArray();
        _text = Bech32.Encode(Prefix, key);
    }

    /// <summary>Parses an <c>age1…</c> public key; a one-line <see cref="HourglassException"/> (usage) when it is not one.</summary>
    public static AgeRecipient Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("AGE-SECRET-KEY-", StringComparison.OrdinalIgnoreCase))
        {
            throw Errors.AgeRecipientIsSecret();
        }

        Span<byte> key = stackalloc byte[Bech32.MaxLength];
        if (!Bech32.TryDecode(text, key, out var prefix, out var length, out var problem))
        {
            throw Errors.AgeRecipientInvalid(problem);
        }

        if (prefix != Prefix || length != KeySize)
        {
            throw Errors.AgeRecipientInvalid(prefix == Prefix ? $"it holds {length} bytes, not a {KeySize}-byte X25519 key" : "it does not start with age1");
        }

        return new AgeRecipient(key[..KeySize]);
    }

    /// <summary>The <c>age1…</c> text of the key.</summary>
    public override string ToString() => _text;

    public bool Equals(AgeRecipient? other) => other is not null && _text == other._text;

    public override bool Equals(object? obj) => Equals(obj as AgeRecipient);

    public override int GetHashCode() => _text.GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(AgeRecipient? left, AgeRecipient? right) => left?.Equals(right) ?? right is null;

    public static bool operator !=(AgeRecipient? left, AgeRecipient? right) => !(left == right);

    /// <summary>
    /// The X25519 stanza that gives <paramref name="fileKey"/> to this recipient alone: an ephemeral key agreement,
    /// whose shared secret (HKDF-SHA-256) seals the file key.
    /// </summary>
    internal AgeStanza Wrap(ReadOnlySpan<byte> fileKey)
    {
        var algorithm = KeyAgreementAlgorithm.X25519;
        using var ephemeral = Key.Create(algorithm);
        var share = ephemeral.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        var recipient = PublicKey.Import(algorithm, _key, KeyBlobFormat.RawPublicKey);
        // Null for a low-order point, whose shared secret is all zeros.
        var secret = algorithm.Agree(ephemeral, recipient) ?? throw Errors.AgeRecipientInvalid("it is not a usable X25519 public key");
        Span<byte> wrappingKey = stackalloc byte[32];
        using (secret)
        {
            WrappingKey(secret, share, _key, wrappingKey);
        }

        var body = new byte[fileKey.Length + AgePayload.TagSize];
        using (var aead = new ChaCha20Poly1305(wrappingKey))
        {
            aead.Encrypt(stackalloc byte[AgePayload.ChunkNonceSize], fileKey, body.AsSpan(0, fileKey.Length), body.AsSpan(fileKey.Length));
        }

        CryptographicOperations.ZeroMemory(wrappingKey);
        return new AgeStanza(StanzaType, [UnpaddedBase64.Encode(share)], body);
    }

    /// <summary>The key that seals the file key in an X25519 stanza: HKDF of the shared secret, salted with both public keys.</summary>
    internal static void WrappingKey(SharedSecret secret, ReadOnlySpan<byte> share, ReadOnlySpan<byte> recipient, Span<byte> wrappingKey)
    {
        Span<byte> salt = stackalloc byte[2 * KeySize];
        share.CopyTo(salt);
        recipient.CopyTo(salt[KeySize..]);
        KeyDerivationAlgorithm.HkdfSha256.DeriveBytes(secret, salt, "age-encryption.org/v1/X25519"u8, wrappingKey);
    }
}
