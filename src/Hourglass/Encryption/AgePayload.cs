using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Hourglass.Encryption;

/// <summary>
/// The payload of an age file: a 16-byte nonce, then the plaintext in 64 KiB chunks, each sealed with
/// ChaCha20-Poly1305 under a key derived from the file key and that nonce (the STREAM construction). A chunk's nonce
/// is its 88-bit big-endian index and a flag byte that is 1 only on the last chunk, so a file cut at a chunk
/// boundary cannot pass for a complete one.
/// </summary>
internal static class AgePayload
{
    public const int ChunkSize = 64 * 1024;
    public const int TagSize = 16;
    public const int SealedChunkSize = ChunkSize + TagSize;
    public const int NonceSize = 16;
    public const int FileKeySize = 16;
    public const int ChunkNonceSize = 12;

    /// <summary>The cipher for the chunks of a payload with <paramref name="nonce"/>.</summary>
    public static ChaCha20Poly1305 Cipher(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> nonce)
    {
        Span<byte> key = stackalloc byte[32];
        HKDF.DeriveKey(HashAlgorithmName.SHA256, fileKey, key, nonce, "payload"u8);
        var cipher = new ChaCha20Poly1305(key);
        CryptographicOperations.ZeroMemory(key);
        return cipher;
    }

    /// <summary>Writes the nonce of chunk <paramref name="index"/> into <paramref name="nonce"/>.</summary>
    public static void ChunkNonce(Span<byte> nonce, ulong index, bool last)
    {
        // The index is 88 bits; 2^64 chunks of 64 KiB is beyond any file, so its top three bytes stay zero.
        nonce[..3].Clear();
        BinaryPrimitives.WriteUInt64BigEndian(nonce[3..11], index);
        nonce[11] = last ? (byte)1 : (byte)0;
    }
}
