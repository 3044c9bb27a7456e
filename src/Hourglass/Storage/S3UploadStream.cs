using System.Security.Cryptography;
using Amazon.S3.Model;

namespace Hourglass.Storage;

/// <summary>
/// A file of a set going to S3 as it is written, without knowing its size: the bytes fill a part; a full part goes up
/// (<c>UploadPart</c>) while the next one fills, and disposing the stream sends the last part and completes the upload.
/// A file that never fills its first part is one <c>PutObject</c>. Memory holds one part filling and one in flight,
/// whatever the file's size (<see cref="S3PartSize"/>). Every part carries its Content-MD5, which the server checks on
/// receipt (hashed as the part fills, so the next part's request does not wait for it), and the stream keeps the
/// SHA-256 of all it was given (<see cref="Result"/>) for a copy to compare with the manifest before it commits.
/// <para>
/// A failed part aborts the upload, so no half-uploaded file lingers; the writer removes the rest of an uncommitted
/// set. <see cref="Flush"/> does nothing: on S3 nothing of a file exists until its upload completes, which is when
/// the stream is disposed. The synchronous <see cref="Write(ReadOnlySpan{byte})"/> blocks while a full part waits for
/// the one before it, on the thread a dump is compressed on, which can afford it.
/// </para>
/// </summary>
internal sealed class S3UploadStream : Stream
{
    // The first part's buffer starts small and grows to the part size, so small files (globals) stay small in memory.
    private const int InitialBufferBytes = 64 << 10;

    private readonly S3Target _bucket;
    private readonly string _name;
    private readonly string _key;
    private readonly long _firstPartBytes;
    private readonly CancellationToken _cancellationToken;
    private readonly IncrementalHash _sha256 = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
#pragma warning disable CA5351 // Content-MD5 is S3's check that the bytes arrived whole, not a security measure.
    private readonly IncrementalHash _partMd5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
#pragma warning restore CA5351
    private readonly List<PartETag> _parts = [];
    private byte[] _buffer;
    private int _filled;
    private byte[]? _spare;
    private Task<PartETag>? _inFlight;
    private string? _uploadId;
    private int _sentParts;
    private long _length;
    private bool _closed;

    /// <param name="bucket">The target's bucket.</param>
    /// <param name="name">The file's name in its set.</param>
    /// <param name="key">The object's key.</param>
    /// <param name="firstPartBytes">The first parts' size (<see cref="S3PartSize.DefaultFirstBytes"/>; tests make it small).</param>
    /// <param name="cancellationToken">Cancels the synchronous writes and the completion on dispose, which take no token of their own.</param>
    public S3UploadStream(S3Target bucket, string name, string key, long firstPartBytes, CancellationToken cancellationToken)
    {
        _bucket = bucket;
        _name = name;
        _key = key;
        _firstPartBytes = firstPartBytes;
        _cancellationToken = cancellationToken;
        _buffer = new byte[Math.Min(InitialBufferBytes, firstPartBytes)];
    }

    /// <summary>The file's name in its set.</summary>
    public string Name => _name;

    /// <summary>What was stored, once the upload completed; null before, or when it failed.</summary>
    public WrittenFile? Result { get; private set; }

    /// <summary>True once the upload completed or failed: nothing more can be written.</summary>
    public bool IsClosed => _closed;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_closed;

    public override long Length => throw new NotSupportedException();

    /// <summary>The bytes written so far.</summary>
    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>Does nothing: a file exists on S3 only once its upload completes, on dispose.</summary>
    public override void Flush()
    {
    }

    /// <inheritdoc cref="Flush"/>
    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        while (!buffer.IsEmpty)
        {
            if (_filled == PartBytes(_sentParts + 1))
            {
                SendPartAsync(_cancellationToken).GetAwaiter().GetResult();
            }

            buffer = buffer[Take(buffer)..];
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        while (!buffer.IsEmpty)
        {
            if (_filled == PartBytes(_sentParts + 1))
            {
                await SendPartAsync(cancellationToken);
            }

            buffer = buffer[Take(buffer.Span)..];
        }
    }

    /// <summary>Sends what is left and completes the upload: only then does the file exist on S3.</summary>
    public override async ValueTask DisposeAsync()
    {
        await CompleteAsync(_cancellationToken);
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            CompleteAsync(_cancellationToken).GetAwaiter().GetResult();
            _sha256.Dispose();
            _partMd5.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Gives up on the file: aborts its multipart upload, if it began one. Used for a set disposed uncommitted.</summary>
    public async Task AbortAsync(string reason)
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _buffer = _spare = [];
        if (_inFlight is not null)
        {
            // Let the part in flight finish or fail before the abort, which would otherwise race it.
            await Task.WhenAny(_inFlight);
        }

        if (_uploadId is not null)
        {
            try
            {
                // Not the writer's token: a cancelled backup must still leave no upload behind.
                await _bucket.AbortAsync(_key, _uploadId, CancellationToken.None);
                _bucket.Logger.S3UploadAborted(_key, _bucket.Location.Location, reason);
            }
            catch (HourglassException e)
            {
                _bucket.Logger.S3UploadAborted(_key, _bucket.Location.Location, $"{reason}; the abort failed too ({e.Message}), so a leftover removal aborts it later");
            }
        }
    }

    private long PartBytes(int partNumber) => S3PartSize.For(partNumber, _firstPartBytes);

    /// <summary>Copies what fits of <paramref name="data"/> into the part being filled, growing the first part's buffer as it fills; returns how much.</summary>
    private int Take(ReadOnlySpan<byte> data)
    {
        if (_filled == _buffer.Length)
        {
            var grown = new byte[(int)Math.Min(PartBytes(_sentParts + 1), (long)_buffer.Length * 2)];
            _buffer.AsSpan(0, _filled).CopyTo(grown);
            _buffer = grown;
        }

        var count = Math.Min(data.Length, _buffer.Length - _filled);
        data[..count].CopyTo(_buffer.AsSpan(_filled));
        _sha256.AppendData(data[..count]);
        _partMd5.AppendData(data[..count]);
        _filled += count;
        _length += count;
        return count;
    }

    /// <summary>The part being filled is full and more is coming: it goes up while the next one fills.</summary>
    private async Task SendPartAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_sentParts + 1 >= S3PartSize.MaxParts)
            {
                throw Errors.S3Failed(_bucket.Location.Described, $"{_key} is larger than the {S3PartSize.MaxObjectBytes(_firstPartBytes)} bytes one upload can hold");
            }

            _uploadId ??= (await _bucket.CallAsync(
                t => _bucket.Client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket.Name, Key = _key }, t),
                cancellationToken)).UploadId;
            var free = await LandInFlightAsync();
            _sentParts++;
            _inFlight = UploadPartAsync(_sentParts, _buffer, _filled, PartMd5(), cancellationToken);
            var next = PartBytes(_sentParts + 1);
            (_spare, _buffer, _filled) = (_buffer, free?.Length == next ? free : new byte[next], 0);
        }
        catch (Exception e)
        {
            await AbortAsync(e.Message);
            throw;
        }
    }

    /// <summary>Waits for the part in flight and keeps its ETag; returns its buffer, free again.</summary>
    private async Task<byte[]?> LandInFlightAsync()
    {
        if (_inFlight is null)
        {
            return null;
        }

        var sent = await _inFlight;
        _inFlight = null;
        _parts.Add(sent);
        return _spare;
    }

    /// <summary>The Content-MD5 of the part just filled, hashed as it filled (off the path between two parts' requests); starts the next part's.</summary>
    private string PartMd5() => Convert.ToBase64String(_partMd5.GetHashAndReset());

    private async Task<PartETag> UploadPartAsync(int partNumber, byte[] buffer, int length, string md5, CancellationToken cancellationToken)
    {
        var request = new UploadPartRequest
        {
            BucketName = _bucket.Name,
            Key = _key,
            UploadId = _uploadId,
            PartNumber = partNumber,
            InputStream = new MemoryStream(buffer, 0, length, writable: false),
            MD5Digest = md5,
            UseChunkEncoding = false,
        };
        var response = await _bucket.CallAsync(t => _bucket.Client.UploadPartAsync(request, t), cancellationToken);
        return new PartETag(partNumber, response.ETag);
    }

    private async Task CompleteAsync(CancellationToken cancellationToken)
    {
        if (_closed)
        {
            return;
        }

        try
        {
            if (_uploadId is null)
            {
                await _bucket.PutAsync(_key, _buffer, _filled, PartMd5(), cancellationToken);
                _sentParts = 1;
            }
            else
            {
                await LandInFlightAsync();
                if (_filled > 0)
                {
                    _sentParts++;
                    _parts.Add(await UploadPartAsync(_sentParts, _buffer, _filled, PartMd5(), cancellationToken));
                }

                var request = new CompleteMultipartUploadRequest { BucketName = _bucket.Name, Key = _key, UploadId = _uploadId, PartETags = _parts };
                await _bucket.CallAsync(t => _bucket.Client.CompleteMultipartUploadAsync(request, t), cancellationToken);
            }
        }
        catch (Exception e)
        {
            await AbortAsync(e.Message);
            throw;
        }

        _closed = true;
        _buffer = _spare = [];
        Result = new WrittenFile(_name, _length, Convert.ToHexStringLower(_sha256.GetHashAndReset()));
        _bucket.Logger.S3ObjectStored(_key, _bucket.Location.Location, _length, _sentParts);
    }
}

/// <summary>A file a writer stored: its size and the SHA-256 of its bytes (hex, as manifests write it).</summary>
internal sealed record WrittenFile(string Name, long Bytes, string Sha256);
