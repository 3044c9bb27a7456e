using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using Hourglass.Storage;

namespace Hourglass.Backups;

/// <summary>What writing one dump file produced.</summary>
internal sealed record WrittenDump(long RawBytes, long Bytes, string Sha256);

/// <summary>
/// Streams a plain dump to a file: every chunk is row-counted and tail-checked as it passes, then compressed, then
/// hashed on its way to disk. Memory stays at one buffer however large the database; the file is fsynced before
/// this returns.
/// </summary>
internal static class DumpWriter
{
    private const int BufferSize = 1 << 20;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<WrittenDump> WriteAsync(
        Stream source,
        string path,
        CompressionCodec codec,
        CopyRowCounter? rows,
        DumpTail tail,
        Action<long, long>? progress,
        CancellationToken cancellationToken)
    {
        var file = PrivateFiles.CreateNew(path);
        await using var _ = file;
        using var sha256 = SHA256.Create();
        var raw = 0L;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            // file <- hash (counts what lands on disk) <- compressor <- raw dump
            var hashing = new CryptoStream(file, sha256, CryptoStreamMode.Write, leaveOpen: true);
            await using (var compressor = codec.Compress(hashing))
            {
                var lastReport = Stopwatch.GetTimestamp();
                int read;
                while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
                {
                    var chunk = buffer.AsSpan(0, read);
                    rows?.Append(chunk);
                    tail.Append(chunk);
                    raw += read;
                    await compressor.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    if (progress is not null && Stopwatch.GetElapsedTime(lastReport) >= ProgressInterval)
                    {
                        progress(raw, file.Position);
                        lastReport = Stopwatch.GetTimestamp();
                    }
                }
            }

            file.Flush(flushToDisk: true);
            progress?.Invoke(raw, file.Length);
            return new WrittenDump(raw, file.Length, Convert.ToHexStringLower(sha256.Hash!));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
