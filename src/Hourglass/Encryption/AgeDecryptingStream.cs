using System.Diagnostics;
using System.Security.Cryptography;

namespace Hourglass.Encryption;

/// <summary>
/// The plaintext of an age payload, decrypted a chunk at a time as it is read. It hands out a chunk only once its tag
/// is verified, and reports the end only once a chunk sealed as the last one was verified and nothing follows it:
/// a file cut short anywhere, even between two chunks, fails instead of reading as a shorter file. A failure is
/// final: every later read fails the same way.
/// </summary>
internal sealed class AgeDecryptingStream(SourceBuffer input, ChaCha20Poly1305 cipher, string name, bool leaveOpen = false) : Stream
{
    private readonly byte[] _plain = new byte[AgePayload.ChunkSize];
    private readonly byte[] _nonce = new byte[AgePayload.ChunkNonceSize];
    private int _plainStart;
    private int _plainEnd;
    private ulong _index;
    private bool _ended;
    private HourglassException? _failure;
    private bool _disposed;

    public override bool CanRead => !_disposed;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        var next = NextAsync(useAsync: false, CancellationToken.None);
        Debug.Assert(next.IsCompleted, "a read with useAsync: false never awaits anything unfinished");
        return next.GetAwaiter().GetResult() ? Take(buffer) : 0;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        return Read(one) == 0 ? -1 : one[0];
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty)
        {
            return 0;
        }

        return await NextAsync(useAsync: true, cancellationToken) ? Take(buffer.Span) : 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            cipher.Dispose();
            if (!leaveOpen)
            {
                await input.Source.DisposeAsync();
            }
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            cipher.Dispose();
            if (!leaveOpen)
            {
                input.Source.Dispose();
            }
        }

        base.Dispose(disposing);
    }

    private int Take(Span<byte> buffer)
    {
        var count = Math.Min(buffer.Length, _plainEnd - _plainStart);
        _plain.AsSpan(_plainStart, count).CopyTo(buffer);
        _plainStart += count;
        return count;
    }

    /// <summary>True when there is plaintext to take; false only at the authenticated end of the payload.</summary>
    private async ValueTask<bool> NextAsync(bool useAsync, CancellationToken cancellationToken)
    {
        if (_plainStart < _plainEnd)
        {
            return true;
        }

        if (_failure is not null)
        {
            throw _failure;
        }

        if (_ended)
        {
            return false;
        }

        try
        {
            await ReadChunkAsync(useAsync, cancellationToken);
        }
        catch (InvalidDataException e)
        {
            _failure = Errors.AgeFileDamaged(name, e.Message);
            throw _failure;
        }

        return _plainStart < _plainEnd;
    }

    private async ValueTask ReadChunkAsync(bool useAsync, CancellationToken cancellationToken)
    {
        var count = await input.FillAsync(AgePayload.SealedChunkSize, useAsync, cancellationToken);
        if (count == 0)
        {
            throw new InvalidDataException("it is truncated (it ends before its last chunk)");
        }

        // A short chunk can only be the last; a full one usually is not, but may be (when the plaintext fills it).
        var last = count < AgePayload.SealedChunkSize;
        if (count < AgePayload.TagSize)
        {
            throw new InvalidDataException("it is truncated (its last chunk is shorter than an authentication tag)");
        }

        if (last && count == AgePayload.TagSize && _index > 0)
        {
            throw new InvalidDataException("its last chunk is empty, which only the chunk of an empty file may be");
        }

        var opened = TryOpen(input.Buffered[..count], last);
        if (!opened && !last && TryOpen(input.Buffered[..count], last: true))
        {
            opened = last = true;
        }

        if (!opened)
        {
            throw new InvalidDataException($"chunk {_index} fails authentication (it was altered, or the file was cut short)");
        }

        _plainStart = 0;
        _plainEnd = count - AgePayload.TagSize;
        _index++;
        input.Consume(count);
        if (last)
        {
            // The last chunk is good and is handed out; what follows it is reported on the read after.
            if (await input.FillAsync(1, useAsync, cancellationToken) > 0)
            {
                _failure = Errors.AgeFileDamaged(name, "there is data after its last chunk");
            }
            else
            {
                _ended = true;
            }
        }
    }

    private bool TryOpen(ReadOnlySpan<byte> sealedChunk, bool last)
    {
        AgePayload.ChunkNonce(_nonce, _index, last);
        try
        {
            cipher.Decrypt(_nonce, sealedChunk[..^AgePayload.TagSize], sealedChunk[^AgePayload.TagSize..], _plain.AsSpan(0, sealedChunk.Length - AgePayload.TagSize));
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            return false;
        }
    }
}
