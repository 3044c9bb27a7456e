using System.Diagnostics;
using System.Security.Cryptography;

namespace Hourglass.Encryption;

/// <summary>
/// Encrypts what is written into an age file, one 64 KiB chunk at a time. A full chunk is sealed only once more data
/// arrives, because the last chunk (which may be full) is sealed differently; so <see cref="Flush"/> never writes a
/// partial chunk, and the last one is written on dispose. Buffers are allocated once, whatever the file's size.
/// </summary>
internal sealed class AgeEncryptingStream : Stream
{
    private readonly Stream _destination;
    private readonly bool _leaveOpen;
    private readonly ChaCha20Poly1305 _cipher;
    private readonly byte[] _plain = new byte[AgePayload.ChunkSize];
    private readonly byte[] _sealed = new byte[AgePayload.SealedChunkSize];
    private readonly byte[] _nonce = new byte[AgePayload.ChunkNonceSize];
    private byte[]? _header;
    private int _buffered;
    private int _sealedLength;
    private ulong _index;
    private bool _failed;
    private bool _disposed;

    /// <summary>A stream that writes <paramref name="header"/> (with the payload nonce) and then chunks sealed by <paramref name="cipher"/>, which it disposes.</summary>
    public AgeEncryptingStream(Stream destination, byte[] header, ChaCha20Poly1305 cipher, bool leaveOpen)
    {
        _destination = destination;
        _header = header;
        _cipher = cipher;
        _leaveOpen = leaveOpen;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_disposed;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        EnsureWritable();
        while (!buffer.IsEmpty)
        {
            buffer = buffer[Accept(buffer)..];
            if (_sealedLength > 0)
            {
                Completed(WriteSealedAsync(useAsync: false, CancellationToken.None));
            }
        }
    }

    public override void WriteByte(byte value) => Write([value]);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureWritable();
        while (!buffer.IsEmpty)
        {
            buffer = buffer[Accept(buffer.Span)..];
            if (_sealedLength > 0)
            {
                await WriteSealedAsync(useAsync: true, cancellationToken);
            }
        }
    }

    /// <summary>Flushes the destination; the chunk being filled stays buffered (see the type's summary).</summary>
    public override void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _destination.Flush();
    }

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _destination.FlushAsync(cancellationToken);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (!_disposed)
        {
            _disposed = true;
            try
            {
                await FinishAsync(useAsync: true);
            }
            finally
            {
                _cipher.Dispose();
                if (!_leaveOpen)
                {
                    await _destination.DisposeAsync();
                }
            }
        }

        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_disposed)
        {
            _disposed = true;
            try
            {
                Completed(FinishAsync(useAsync: false));
            }
            finally
            {
                _cipher.Dispose();
                if (!_leaveOpen)
                {
                    _destination.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }

    /// <summary>Takes what it can of <paramref name="data"/>, sealing a chunk when one is due; returns how many bytes it took.</summary>
    private int Accept(ReadOnlySpan<byte> data)
    {
        if (_buffered == AgePayload.ChunkSize)
        {
            Seal(_plain, last: false);
            _buffered = 0;
            return 0;
        }

        // A large write is sealed where it lies, without copying; only when more follows, since this chunk is then not the last.
        if (_buffered == 0 && data.Length > AgePayload.ChunkSize)
        {
            Seal(data[..AgePayload.ChunkSize], last: false);
            return AgePayload.ChunkSize;
        }

        var taken = Math.Min(AgePayload.ChunkSize - _buffered, data.Length);
        data[..taken].CopyTo(_plain.AsSpan(_buffered));
        _buffered += taken;
        return taken;
    }

    private void Seal(ReadOnlySpan<byte> chunk, bool last)
    {
        AgePayload.ChunkNonce(_nonce, _index++, last);
        _cipher.Encrypt(_nonce, chunk, _sealed.AsSpan(0, chunk.Length), _sealed.AsSpan(chunk.Length, AgePayload.TagSize));
        _sealedLength = chunk.Length + AgePayload.TagSize;
    }

    private async ValueTask WriteSealedAsync(bool useAsync, CancellationToken cancellationToken)
    {
        try
        {
            if (_header is { } header)
            {
                _header = null;
                await WriteOutAsync(header, useAsync, cancellationToken);
            }

            await WriteOutAsync(_sealed.AsMemory(0, _sealedLength), useAsync, cancellationToken);
            _sealedLength = 0;
        }
        catch
        {
            _failed = true;
            throw;
        }
    }

    private async ValueTask WriteOutAsync(ReadOnlyMemory<byte> bytes, bool useAsync, CancellationToken cancellationToken)
    {
        if (useAsync)
        {
            await _destination.WriteAsync(bytes, cancellationToken);
        }
        else
        {
            _destination.Write(bytes.Span);
        }
    }

    /// <summary>Seals and writes the last chunk: empty only when nothing was written at all, as the format requires.</summary>
    private async ValueTask FinishAsync(bool useAsync)
    {
        if (_failed)
        {
            return;
        }

        Seal(_plain.AsSpan(0, _buffered), last: true);
        _buffered = 0;
        await WriteSealedAsync(useAsync, CancellationToken.None);
        if (useAsync)
        {
            await _destination.FlushAsync();
        }
        else
        {
            _destination.Flush();
        }
    }

    private void EnsureWritable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_failed)
        {
            throw new IOException("an earlier write of the encrypted file failed, so it cannot be continued");
        }
    }

    /// <summary>Ends a call made with <c>useAsync: false</c>, which never awaits anything unfinished.</summary>
    private static void Completed(ValueTask task)
    {
        Debug.Assert(task.IsCompleted);
        task.GetAwaiter().GetResult();
    }
}
