using System.IO.Compression;
using Hourglass.Configuration;
using ZstdSharp;

namespace Hourglass.Backups;

/// <summary>How dump bytes become file bytes and back: zstd (ZstdSharp), gzip (the runtime's zlib), or nothing.</summary>
public sealed record CompressionCodec(CompressionKind Kind, int Level)
{
    /// <summary>The codec for validated options; a level left unset is zstd's 3 or gzip's 6.</summary>
    public static CompressionCodec For(CompressionKind kind, int? level) =>
        new(kind, level ?? (kind == CompressionKind.Gzip ? 6 : 3));

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

    /// <summary>A stream that compresses into <paramref name="inner"/>; disposing it finishes the frame and disposes <paramref name="inner"/>.</summary>
    public Stream Compress(Stream inner) => Kind switch
    {
        CompressionKind.Zstd => new CompressionStream(inner, Level, bufferSize: 1 << 20, leaveOpen: false),
        CompressionKind.Gzip => new GZipStream(inner, new ZLibCompressionOptions { CompressionLevel = Level }, leaveOpen: false),
        _ => inner,
    };

    /// <summary>A stream that reads <paramref name="inner"/> decompressed; disposing it disposes <paramref name="inner"/>.</summary>
    public Stream Decompress(Stream inner) => Kind switch
    {
        CompressionKind.Zstd => new DecompressionStream(inner, bufferSize: 1 << 20, checkEndOfStream: true, leaveOpen: false),
        CompressionKind.Gzip => new GZipStream(inner, CompressionMode.Decompress, leaveOpen: false),
        _ => inner,
    };
}
