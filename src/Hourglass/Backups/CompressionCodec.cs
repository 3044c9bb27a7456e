using System.IO.Compression;
using Hourglass.Configuration;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Hourglass.Backups;

/// <summary>How dump bytes become file bytes and back: zstd (ZstdSharp), gzip (the runtime's zlib), or nothing.</summary>
internal sealed record CompressionCodec(CompressionKind Kind, int Level, int Workers = 1)
{
    /// <summary>The codec for validated options; a level left unset is zstd's 3 or gzip's 6. <paramref name="workers"/> is zstd's thread count.</summary>
    public static CompressionCodec For(CompressionKind kind, int? level, int workers = 1) =>
        new(kind, level ?? (kind == CompressionKind.Gzip ? 6 : 3), Math.Max(1, workers));

    /// <summary>The codec a manifest entry names (<c>zstd</c>, <c>gzip</c>, <c>none</c>).</summary>
    public static CompressionCodec FromName(string name) =>
        Enum.TryParse<CompressionKind>(name, ignoreCase: true, out var kind)
            ? For(kind, null)
            : throw new HourglassException($"unknown compression '{name}' in the manifest: this Hourglass cannot read it");

    /// <summary>The name written to manifests.</summary>
    public string Name => Kind.ToString().ToLowerInvariant();

    /// <summary>What a dump file's name ends with: <c>.sql.zst</c>, <c>.sql.gz</c> or <c>.sql</c>.</summary>
    public string FileExtension => Kind switch
    {
        CompressionKind.Zstd => ".sql.zst",
        CompressionKind.Gzip => ".sql.gz",
        _ => ".sql",
    };

    /// <summary>A stream that compresses into <paramref name="inner"/>; disposing it finishes the frame. It never disposes <paramref name="inner"/>: the caller does, after it.</summary>
    public Stream Compress(Stream inner) => Kind switch
    {
        CompressionKind.Zstd => ZstdStream(inner),
        CompressionKind.Gzip => new GZipStream(inner, new ZLibCompressionOptions { CompressionLevel = Level }, leaveOpen: true),
        _ => new Uncompressed(inner),
    };

    /// <summary>
    /// zstd through the system-independent native libzstd that ZstdNet ships, with worker threads: on a 2-core machine
    /// the managed port (ZstdSharp) cannot keep up with pg_dump (README, Benchmark). <c>HOURGLASS_ZSTD=managed</c>
    /// selects ZstdSharp instead, for measuring. Jobs of 2 MiB keep memory under 120 MB with the output no larger
    /// than zstd's own command line makes.
    /// </summary>
    private Stream ZstdStream(Stream inner)
    {
        var workers = Workers;
        const int jobBytes = 2 << 20;
        if (Environment.GetEnvironmentVariable("HOURGLASS_ZSTD") == "managed")
        {
            var managed = new CompressionStream(inner, Level, bufferSize: 1 << 20, leaveOpen: true);
            managed.SetParameter(ZSTD_cParameter.ZSTD_c_nbWorkers, workers);
            managed.SetParameter(ZSTD_cParameter.ZSTD_c_jobSize, jobBytes);
            return managed;
        }

        var parameters = new Dictionary<ZstdNet.ZSTD_cParameter, int>
        {
            [ZstdNet.ZSTD_cParameter.ZSTD_c_nbWorkers] = workers,
            [ZstdNet.ZSTD_cParameter.ZSTD_c_jobSize] = jobBytes,
        };
        return new ZstdNet.CompressionStream(inner, new ZstdNet.CompressionOptions(null, parameters, Level), 1 << 20);
    }

    /// <summary>A stream that reads <paramref name="inner"/> decompressed. It never disposes <paramref name="inner"/>: the caller does, after it.</summary>
    public Stream Decompress(Stream inner) => Kind switch
    {
        CompressionKind.Zstd => new DecompressionStream(inner, bufferSize: 1 << 20, checkEndOfStream: true, leaveOpen: true),
        CompressionKind.Gzip => new GZipStream(inner, CompressionMode.Decompress, leaveOpen: true),
        _ => new Uncompressed(inner),
    };

    /// <summary>
    /// No compression: the bytes pass through as they are, and disposing leaves <paramref name="inner"/> open like the
    /// other codecs' streams do, so a caller that reads on after it (verification hashes what is left) still can.
    /// </summary>
    private sealed class Uncompressed(Stream inner) : Stream
    {
        public override bool CanRead => inner.CanRead;

        public override bool CanSeek => false;

        public override bool CanWrite => inner.CanWrite;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override int Read(Span<byte> buffer) => inner.Read(buffer);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.ReadAsync(buffer, offset, count, cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.ReadAsync(buffer, cancellationToken);

        public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

        public override void Write(ReadOnlySpan<byte> buffer) => inner.Write(buffer);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            inner.WriteAsync(buffer, offset, count, cancellationToken);

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            inner.WriteAsync(buffer, cancellationToken);

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
