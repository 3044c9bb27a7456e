using Hourglass.Encryption;

namespace Hourglass.Tests.Encryption;

/// <summary>Encrypting and decrypting through the streams: round trips at the chunk edges, wrong keys, damage and truncation.</summary>
public sealed class AgeEncryptionTests : IDisposable
{
    private const int Chunk = 64 * 1024;
    private const int Sealed = Chunk + 16;

    private readonly AgeIdentity _identity = AgeIdentity.Generate();

    public void Dispose() => _identity.Dispose();

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    // Sizes around the chunk edges, through the sync and the async API.
    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(1, true)]
    [InlineData(Chunk - 1, false)]
    [InlineData(Chunk - 1, true)]
    [InlineData(Chunk, false)]
    [InlineData(Chunk, true)]
    [InlineData(Chunk + 1, false)]
    [InlineData(Chunk + 1, true)]
    [InlineData(2 * Chunk, false)]
    [InlineData(2 * Chunk, true)]
    [InlineData((3 * 1024 * 1024) + 17, false)]
    [InlineData((3 * 1024 * 1024) + 17, true)]
    public async Task Decrypt_OfEncrypted_RoundTripsInAsFewChunksAsTheSizeNeeds(int size, bool async)
    {
        var plaintext = Plaintext(size);

        var file = await EncryptAsync(plaintext, [_identity.Recipient], async);
        var (decrypted, failure) = await DecryptAsync(file, async);

        Assert.Null(failure);
        Assert.Equal(plaintext, decrypted);
        // One chunk per started 64 KiB, and one (empty) chunk for nothing at all: a full last chunk is not followed by an empty one.
        var chunks = Math.Max(1, (size + Chunk - 1) / Chunk);
        Assert.Equal(size + (16 * chunks), file.Length - PayloadOffset(file));
    }

    [Fact]
    public async Task DecryptAsync_EachOfSeveralRecipients_Decrypts()
    {
        using var second = AgeIdentity.Generate();
        using var third = AgeIdentity.Generate();
        var plaintext = Plaintext(100_000);

        var file = await EncryptAsync(plaintext, [_identity.Recipient, second.Recipient, third.Recipient], async: true);

        foreach (var identity in new[] { _identity, second, third })
        {
            await using var stream = await AgeEncryption.DecryptAsync(new MemoryStream(file), [identity], "f.age", Token);
            Assert.Equal(plaintext, (await AgeReads.ReadAllAsync(stream, async: true)).Plaintext);
        }
    }

    [Fact]
    public async Task DecryptAsync_WrongIdentityFile_FailsAsUsageNamingTheFileAndNotTheKey()
    {
        var keyFile = Path.GetTempFileName();
        try
        {
            const string secret = "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0";
            await File.WriteAllTextAsync(keyFile, secret + "\n", Token);
            var wrong = AgeIdentity.LoadFile(keyFile);
            var file = await EncryptAsync(Plaintext(10), [_identity.Recipient], async: true);

            var e = await Assert.ThrowsAsync<HourglassException>(() => AgeEncryption.DecryptAsync(new MemoryStream(file), wrong, "db.sql.zst.age", Token));

            Assert.Equal((ExitCode.Usage, false), (e.ExitCode, e.IsDataFault));
            Assert.Equal($"db.sql.zst.age is encrypted to a different key: the identity file {keyFile} does not match; use the identity of one of its recipients", e.Message);
            Assert.DoesNotContain(secret[15..], e.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(keyFile);
        }
    }

    [Fact]
    public async Task DecryptAsync_WrongOfSeveralIdentities_StillFindsTheRightOne()
    {
        using var other = AgeIdentity.Generate();
        var file = await EncryptAsync(Plaintext(10), [_identity.Recipient], async: true);

        await using var stream = await AgeEncryption.DecryptAsync(new MemoryStream(file), [other, _identity], "f.age", Token);

        Assert.Equal(Plaintext(10), (await AgeReads.ReadAllAsync(stream, async: true)).Plaintext);
    }

    // A changed byte anywhere in the header is refused before any plaintext: the first line, the MAC, the nonce.
    [Theory]
    [InlineData("intro", "does not begin with the age header line")]
    [InlineData("mac", "its header MAC does not match")]
    [InlineData("nonce", "chunk 0 fails authentication")]
    public async Task Decrypt_ChangedHeaderByte_FailsAsDamaged(string where, string problem)
    {
        var file = await EncryptAsync(Plaintext(1000), [_identity.Recipient], async: true);
        var macLine = file.AsSpan().IndexOf("\n--- "u8) + 5;
        var at = where switch { "intro" => 0, "mac" => macLine + 3, _ => PayloadOffset(file) - 4 };
        // In the MAC, another base64 letter: a flipped bit could make it no base64 at all.
        file[at] = where == "mac" ? (file[at] == (byte)'A' ? (byte)'B' : (byte)'A') : (byte)(file[at] ^ 0x01);

        var (plaintext, failure) = await DecryptAllAsync(file, async: true);

        Assert.Empty(plaintext);
        Assert.NotNull(failure);
        Assert.Equal((ExitCode.Failed, true), (failure.ExitCode, failure.IsDataFault));
        Assert.Contains(problem, failure.Message, StringComparison.Ordinal);
        Assert.StartsWith("f.age is damaged or not an age file: ", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Read_ChangedByteInSecondChunk_HandsOutOnlyTheFirstChunkThenFails(bool async)
    {
        var plaintext = Plaintext((3 * Chunk) + 5);
        var file = await EncryptAsync(plaintext, [_identity.Recipient], async);
        file[PayloadOffset(file) + Sealed + 100] ^= 0x80;

        var (decrypted, failure) = await DecryptAllAsync(file, async);

        Assert.Equal(plaintext[..Chunk], decrypted);
        Assert.NotNull(failure);
        Assert.True(failure.IsDataFault);
        Assert.Contains("chunk 1 fails authentication", failure.Message, StringComparison.Ordinal);
    }

    // Cut at a chunk boundary, the chunks before it are intact, yet the file must not read as complete.
    [Theory]
    [InlineData(0, false)]
    [InlineData(0, true)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    public async Task Read_FileCutAtChunkBoundary_FailsInsteadOfEnding(int chunksKept, bool async)
    {
        var plaintext = Plaintext((3 * Chunk) + 5);
        var file = await EncryptAsync(plaintext, [_identity.Recipient], async);

        var (decrypted, failure) = await DecryptAllAsync(file[..(PayloadOffset(file) + (chunksKept * Sealed))], async);

        Assert.Equal(plaintext[..(chunksKept * Chunk)], decrypted);
        Assert.NotNull(failure);
        Assert.True(failure.IsDataFault);
        Assert.Contains("it is truncated (it ends before its last chunk)", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Read_FileCutInsideAChunk_FailsWithoutHandingOutThatChunk(bool async)
    {
        var plaintext = Plaintext((3 * Chunk) + 5);
        var file = await EncryptAsync(plaintext, [_identity.Recipient], async);

        var (decrypted, failure) = await DecryptAllAsync(file[..(PayloadOffset(file) + Sealed + 1000)], async);

        Assert.Equal(plaintext[..Chunk], decrypted);
        Assert.NotNull(failure);
        Assert.True(failure.IsDataFault);
    }

    [Fact]
    public async Task Read_AfterAFailure_FailsAgainAndNeverEnds()
    {
        var file = await EncryptAsync(Plaintext(2 * Chunk), [_identity.Recipient], async: true);
        await using var stream = await AgeEncryption.DecryptAsync(new MemoryStream(file[..^1]), [_identity], "f.age", Token);
        var buffer = new byte[3 * Chunk];
        Assert.Equal(Chunk, await stream.ReadAtLeastAsync(buffer, Chunk, cancellationToken: Token));

        var first = Assert.Throws<HourglassException>(() => stream.Read(buffer));
        var second = await Assert.ThrowsAsync<HourglassException>(() => stream.ReadAtLeastAsync(buffer, 1, cancellationToken: Token).AsTask());

        Assert.Equal(first.Message, second.Message);
    }

    [Fact]
    public async Task DecryptAsync_NotAnAgeFile_FailsAsDamaged()
    {
        byte[] zstd = [0x28, 0xB5, 0x2F, 0xFD, .. Plaintext(200_000)];

        var (_, failure) = await DecryptAllAsync(zstd, async: true);

        Assert.NotNull(failure);
        Assert.True(failure.IsDataFault);
        Assert.Equal("f.age is damaged or not an age file: it does not begin with the age header line age-encryption.org/v1; use another copy", failure.Message);
    }

    [Fact]
    public async Task Flush_PartialChunk_WritesNoChunkUntilDispose()
    {
        var destination = new MemoryStream();
        var stream = AgeEncryption.Encrypt(destination, [_identity.Recipient], leaveOpen: true);
        await stream.WriteAsync(Plaintext(100), Token);

        await stream.FlushAsync(Token);
        stream.Flush();

        Assert.Equal(0, destination.Length);
        await stream.DisposeAsync();
        Assert.Equal(Plaintext(100), (await DecryptAsync(destination.ToArray(), async: true)).Plaintext);
    }

    [Fact]
    public async Task Dispose_AfterAFailedWrite_WritesNoLastChunk()
    {
        // The header and the first chunk get through; the second chunk does not.
        var destination = new FailingStream(failAfter: 2);
        var stream = AgeEncryption.Encrypt(destination, [_identity.Recipient]);
        await stream.WriteAsync(Plaintext(Chunk + 1), Token);

        await Assert.ThrowsAsync<IOException>(async () => await stream.WriteAsync(Plaintext(Chunk), Token));
        Assert.Throws<IOException>(() => stream.Write(new byte[1]));
        await stream.DisposeAsync();

        Assert.Equal(2, destination.Writes);
    }

    [Fact]
    public void Encrypt_ManyMegabytes_AllocatesAboutTwoChunksWhateverTheSize()
    {
        var piece = Plaintext(1024 * 1024);
        var before = GC.GetAllocatedBytesForCurrentThread();

        using (var stream = AgeEncryption.Encrypt(Stream.Null, [_identity.Recipient]))
        {
            for (var i = 0; i < 64; i++)
            {
                stream.Write(piece, i, piece.Length - i);
            }
        }

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 512 * 1024);
    }

    [Fact]
    public async Task Read_ManyMegabytes_AllocatesAboutTwoChunksWhateverTheSize()
    {
        var file = await EncryptAsync(Plaintext(32 * 1024 * 1024), [_identity.Recipient], async: false);
        using var stream = await AgeEncryption.DecryptAsync(new MemoryStream(file), [_identity], "f.age", Token);
        var buffer = new byte[100_000];
        var before = GC.GetAllocatedBytesForCurrentThread();

        while (stream.Read(buffer) > 0)
        {
        }

        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 64 * 1024);
    }

    private static byte[] Plaintext(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Encrypts in writes of uneven sizes (small, chunk-sized and larger), sync or async, disposing the same way.</summary>
    private static async Task<byte[]> EncryptAsync(byte[] plaintext, IReadOnlyList<AgeRecipient> recipients, bool async)
    {
        var destination = new MemoryStream();
        var stream = AgeEncryption.Encrypt(destination, recipients, leaveOpen: true);
        int[] pieces = [1, 1000, Chunk, (2 * Chunk) + 3, 7];
        for (int offset = 0, i = 0; offset < plaintext.Length; i++)
        {
            var count = Math.Min(pieces[i % pieces.Length], plaintext.Length - offset);
            if (async)
            {
                await stream.WriteAsync(plaintext.AsMemory(offset, count), Token);
            }
            else
            {
                stream.Write(plaintext, offset, count);
            }

            offset += count;
        }

        if (async)
        {
            await stream.DisposeAsync();
        }
        else
        {
            stream.Dispose();
        }

        return destination.ToArray();
    }

    private async Task<(byte[] Plaintext, HourglassException? Failure)> DecryptAsync(byte[] file, bool async)
    {
        await using var stream = await AgeEncryption.DecryptAsync(new MemoryStream(file), [_identity], "f.age", Token);
        return await AgeReads.ReadAllAsync(stream, async, piece: 10_000);
    }

    /// <summary>Decrypts, counting a failure of the header as a failure before any plaintext.</summary>
    private async Task<(byte[] Plaintext, HourglassException? Failure)> DecryptAllAsync(byte[] file, bool async)
    {
        try
        {
            return await DecryptAsync(file, async);
        }
        catch (HourglassException e)
        {
            return ([], e);
        }
    }

    /// <summary>Where the chunks start: after the header's last line and the 16-byte payload nonce.</summary>
    private static int PayloadOffset(byte[] file) => file.AsSpan().IndexOf("\n--- "u8) + 5 + 43 + 1 + 16;

    /// <summary>A destination whose writes fail after the first <c>failAfter</c>.</summary>
    private sealed class FailingStream(int failAfter) : MemoryStream
    {
        public int Writes { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (Writes == failAfter)
            {
                throw new IOException("disk on fire");
            }

            Writes++;
            base.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
    }
}
