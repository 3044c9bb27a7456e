using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using NSec.Cryptography;
using ChaCha20Poly1305 = System.Security.Cryptography.ChaCha20Poly1305;

namespace Hourglass.Encryption;

/// <summary>
/// An age X25519 secret key (<c>AGE-SECRET-KEY-1…</c>), which decrypts what was encrypted to its
/// <see cref="Recipient"/>. The key lives in NSec's guarded memory and nowhere else: no message, string or
/// exception ever holds it. Dispose wipes it.
/// </summary>
public sealed class AgeIdentity : IDisposable
{
    private const string Prefix = "AGE-SECRET-KEY-";
    private const int KeySize = 32;

    // age-keygen writes three lines; anything this large is some other file given by mistake.
    private const int MaxFileSize = 1024 * 1024;

    private readonly Key _key;
    private readonly byte[] _publicKey;

    private AgeIdentity(Key key, string? file)
    {
        _key = key;
        _publicKey = key.PublicKey.Export(KeyBlobFormat.RawPublicKey);
        Recipient = new AgeRecipient(_publicKey);
        File = file;
    }

    /// <summary>The public key that encrypts to this identity.</summary>
    public AgeRecipient Recipient { get; }

    /// <summary>The identity file this key was read from, for messages; null when it was parsed from text.</summary>
    internal string? File { get; }

    /// <summary>Parses one <c>AGE-SECRET-KEY-1…</c> key; a one-line <see cref="HourglassException"/> (usage) when it is not one.</summary>
    public static AgeIdentity Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text.AsSpan().Trim(), file: null, out var problem) ?? throw Errors.AgeIdentityInvalid(problem);
    }

    /// <summary>
    /// Reads the keys of an identity file as <c>age-keygen -o FILE</c> writes it: <c>AGE-SECRET-KEY-1…</c> lines,
    /// with blank lines and <c>#</c> comments between them. A one-line <see cref="HourglassException"/> (usage) when
    /// the file is missing, unreadable, or holds no key or anything else.
    /// </summary>
    public static IReadOnlyList<AgeIdentity> LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var bytes = Read(path);
        var identities = new List<AgeIdentity>();
        // One character more than a key can have, so that a longer line is reported as too long.
        Span<char> text = stackalloc char[Bech32.MaxLength + 1];
        try
        {
            var number = 0;
            foreach (var range in bytes.AsSpan().Split((byte)'\n'))
            {
                number++;
                var line = bytes.AsSpan(range).Trim(" \t\r"u8);
                if (line.IsEmpty || line[0] == (byte)'#')
                {
                    continue;
                }

                var length = Encoding.Latin1.GetChars(line[..Math.Min(line.Length, text.Length)], text);
                var identity = TryParse(text[..length], path, out var problem)
                    ?? throw Errors.AgeIdentityFileInvalid(path, $"line {number} is not an age X25519 secret key ({problem})");
                identities.Add(identity);
            }

            return identities.Count > 0 ? identities : throw Errors.AgeIdentityFileHasNoKey(path);
        }
        catch
        {
            identities.ForEach(identity => identity.Dispose());
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
            CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(text));
        }
    }

    /// <summary>Names the identity by its public key only.</summary>
    public override string ToString() => $"age identity of {Recipient}";

    /// <summary>Wipes the secret key.</summary>
    public void Dispose() => _key.Dispose();

    /// <summary>A new random identity, as <c>age-keygen</c> makes one.</summary>
    internal static AgeIdentity Generate() => new(Key.Create(KeyAgreementAlgorithm.X25519), file: null);

    /// <summary>
    /// The file key in <paramref name="stanza"/> when it was made for this identity; null when it was not (another
    /// recipient's, or another kind of stanza). An <see cref="InvalidDataException"/> when it is a malformed X25519 stanza.
    /// </summary>
    internal byte[]? Unwrap(AgeStanza stanza)
    {
        if (stanza.Type != AgeRecipient.StanzaType)
        {
            return null;
        }

        if (stanza.Arguments is not [var shareText] || !UnpaddedBase64.TryDecode(shareText, out var share) || share.Length != AgeRecipient.KeySize)
        {
            throw new InvalidDataException("its header has a malformed X25519 stanza");
        }

        if (stanza.Body.Length != AgePayload.FileKeySize + AgePayload.TagSize)
        {
            throw new InvalidDataException("its header has an X25519 stanza that does not hold a 16-byte file key");
        }

        var algorithm = KeyAgreementAlgorithm.X25519;
        using var secret = algorithm.Agree(_key, PublicKey.Import(algorithm, share, KeyBlobFormat.RawPublicKey))
            ?? throw new InvalidDataException("its header has an X25519 stanza whose share is a low-order point");
        Span<byte> wrappingKey = stackalloc byte[32];
        AgeRecipient.WrappingKey(secret, share, _publicKey, wrappingKey);
        using var aead = new ChaCha20Poly1305(wrappingKey);
        CryptographicOperations.ZeroMemory(wrappingKey);
        var fileKey = new byte[AgePayload.FileKeySize];
        try
        {
            aead.Decrypt(stackalloc byte[AgePayload.ChunkNonceSize], stanza.Body.AsSpan(0, fileKey.Length), stanza.Body.AsSpan(fileKey.Length), fileKey);
            return fileKey;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static AgeIdentity? TryParse(ReadOnlySpan<char> text, string? file, out string problem)
    {
        Span<byte> secret = stackalloc byte[Bech32.MaxLength];
        try
        {
            if (!Bech32.TryDecode(text, secret, out var prefix, out var length, out problem))
            {
                return null;
            }

            if (prefix != Prefix || length != KeySize)
            {
                problem = prefix == Prefix ? $"it holds {length} bytes, not a {KeySize}-byte key" : $"it is an {prefix}1… key, not an {Prefix}1… key";
                return null;
            }

            return new AgeIdentity(Key.Import(KeyAgreementAlgorithm.X25519, secret[..KeySize], KeyBlobFormat.RawPrivateKey), file);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }

    private static byte[] Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            if (stream.Length > MaxFileSize)
            {
                throw Errors.AgeIdentityFileInvalid(path, "it is larger than 1 MiB, far more than a key file");
            }

            var bytes = new byte[stream.Length];
            stream.ReadExactly(bytes);
            return bytes;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw Errors.AgeIdentityFileMissing(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Errors.AgeIdentityFileUnreadable(path, e.Message);
        }
    }
}
