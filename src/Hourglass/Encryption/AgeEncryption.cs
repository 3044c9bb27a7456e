using System.Security.Cryptography;

namespace Hourglass.Encryption;

/// <summary>
/// Backup files encrypted in the age format (age-encryption.org/v1) to X25519 recipients, so that a person can
/// restore one with nothing but the age tool: <c>age -d -i key.txt FILE.age | zstd -dc | psql</c>. Both directions
/// stream: memory stays at about one 64 KiB chunk whatever the size of the file.
/// </summary>
public static class AgeEncryption
{
    /// <summary>
    /// A write-only stream that encrypts what is written to it into <paramref name="destination"/>, readable by any
    /// of <paramref name="recipients"/>. Disposing it writes the last chunk, which is what marks the file complete:
    /// when the data being encrypted fails part-way, delete the output rather than keep it. After a failed write to
    /// <paramref name="destination"/> it writes nothing more, so a cut-off file never passes for a complete one.
    /// </summary>
    public static Stream Encrypt(Stream destination, IReadOnlyList<AgeRecipient> recipients, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentOutOfRangeException.ThrowIfZero(recipients.Count);
        if (!destination.CanWrite)
        {
            throw new ArgumentException("the destination must be writable", nameof(destination));
        }

        var fileKey = RandomNumberGenerator.GetBytes(AgePayload.FileKeySize);
        try
        {
            var nonce = RandomNumberGenerator.GetBytes(AgePayload.NonceSize);
            var header = AgeHeader.Write([.. recipients.Select(recipient => recipient.Wrap(fileKey))], fileKey);
            return new AgeEncryptingStream(destination, [.. header, .. nonce], AgePayload.Cipher(fileKey, nonce), leaveOpen);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(fileKey);
        }
    }

    /// <summary>
    /// Reads and authenticates the header of the age file in <paramref name="source"/>, then returns a read-only
    /// stream of its plaintext, decrypted and authenticated a chunk at a time. The stream returns only authenticated
    /// plaintext and ends only after the last chunk (so a file cut short at any point fails rather than reads as
    /// shorter); disposing it disposes <paramref name="source"/>, which stays the caller's when this fails. Fails with
    /// a one-line <see cref="HourglassException"/> naming <paramref name="name"/>: usage when no identity matches, a
    /// data fault when the file is damaged or is not an age file. With <paramref name="leaveOpen"/>, disposing it leaves
    /// <paramref name="source"/> open (a checker that goes on hashing what is left after a damaged chunk).
    /// </summary>
    public static async Task<Stream> DecryptAsync(Stream source, IReadOnlyList<AgeIdentity> identities, string name, CancellationToken cancellationToken, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(identities);
        ArgumentOutOfRangeException.ThrowIfZero(identities.Count);
        ArgumentNullException.ThrowIfNull(name);

        var input = new SourceBuffer(source, AgePayload.SealedChunkSize);
        byte[]? fileKey = null;
        try
        {
            var header = await AgeHeader.ReadAsync(input, cancellationToken);
            fileKey = FileKey(header, identities, name);
            if (!AgeHeader.MacMatches(header, fileKey))
            {
                throw new InvalidDataException("its header MAC does not match, so the header was altered");
            }

            if (await input.FillAsync(AgePayload.NonceSize, useAsync: true, cancellationToken) < AgePayload.NonceSize)
            {
                throw new InvalidDataException("it ends before its payload");
            }

            var cipher = AgePayload.Cipher(fileKey, input.Buffered[..AgePayload.NonceSize]);
            input.Consume(AgePayload.NonceSize);
            return new AgeDecryptingStream(input, cipher, name, leaveOpen);
        }
        catch (InvalidDataException e)
        {
            throw Errors.AgeFileDamaged(name, e.Message);
        }
        finally
        {
            if (fileKey is not null)
            {
                CryptographicOperations.ZeroMemory(fileKey);
            }
        }
    }

    /// <summary>The file key from the first stanza an identity opens, trying the identities in order, as age does.</summary>
    private static byte[] FileKey(ParsedHeader header, IReadOnlyList<AgeIdentity> identities, string name)
    {
        foreach (var identity in identities)
        {
            foreach (var stanza in header.Stanzas)
            {
                if (identity.Unwrap(stanza) is { } fileKey)
                {
                    return fileKey;
                }
            }
        }

        throw header.Stanzas.Count > 0 && header.Stanzas.All(stanza => stanza.Type == "scrypt")
            ? Errors.AgePassphraseOnly(name)
            : Errors.AgeWrongKey(name, [.. identities.Select(identity => identity.File).OfType<string>().Distinct()]);
    }
}
