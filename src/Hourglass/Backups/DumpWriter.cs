using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Threading.Channels;
using Hourglass.Storage;

namespace Hourglass.Backups;

/// <summary>What writing one dump file produced.</summary>
internal sealed record WrittenDump(long RawBytes, long Bytes, string Sha256);

/// <summary>
/// Streams a plain dump to a file in two stages, so pg_dump is never kept waiting on our CPU work:
/// the reader fills 1 MiB chunks from pg_dump, counts rows and keeps the tail (both cheap, both need order), and
/// passes each chunk on; the writer compresses (zstd with its own worker threads), hashes what lands on disk and
/// writes it. At most <see cref="ChunksInFlight"/> chunks are between the two, so memory stays flat however large
/// the database. The file is flushed to disk on the writer's thread before this returns.
/// </summary>
internal static class DumpWriter
{
    private const int ChunkSize = 1 << 20;
    private const int ChunksInFlight = 4;
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<WrittenDump> WriteAsync(
        Stream source,
        Stream destination,
        CompressionCodec codec,
        CopyRowCounter? rows,
        DumpTail tail,
        Action<long, long>? progress,
        CancellationToken cancellationToken)
    {
        Posix.TryEnlargePipe(source, ChunkSize);
        var file = new CountingStream(destination);
        using var sha256 = SHA256.Create();
        using var failed = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var chunks = Channel.CreateBounded<(byte[] Buffer, int Length)>(new BoundedChannelOptions(ChunksInFlight) { SingleReader = true, SingleWriter = true });
        // Compression blocks in native code: it gets a thread of its own rather than one the thread pool needs for
        // timers (lease renewals) and I/O completions.
        var writer = Task.Factory.StartNew(
            () => WriteChunks(chunks.Reader, file, sha256, codec, failed),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        var raw = 0L;
        var lastReport = Stopwatch.GetTimestamp();
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
                var length = await FillAsync(source, buffer, failed.Token);
                if (length == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    break;
                }

                var chunk = buffer.AsSpan(0, length);
                rows?.Append(chunk);
                tail.Append(chunk);
                raw += length;
                await chunks.Writer.WriteAsync((buffer, length), failed.Token);
                if (progress is not null && Stopwatch.GetElapsedTime(lastReport) >= ProgressInterval)
                {
                    progress(raw, file.Count);
                    lastReport = Stopwatch.GetTimestamp();
                }
            }

            chunks.Writer.Complete();
        }
        catch (OperationCanceledException) when (failed.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // The writer failed (a full disk, say) and cancelled the reading: its exception, awaited below, is the real one.
            chunks.Writer.TryComplete();
        }
        catch
        {
            chunks.Writer.TryComplete();
            await failed.CancelAsync();
            await Task.WhenAny(writer);
            throw;
        }

        await writer;
        progress?.Invoke(raw, file.Count);
        return new WrittenDump(raw, file.Count, Convert.ToHexStringLower(sha256.Hash!));
    }

    /// <summary>file &lt;- hash (of what lands on disk) &lt;- compressor &lt;- chunks, then flushed to disk, synchronously on its own thread. A failure cancels the reader.</summary>
    private static void WriteChunks(ChannelReader<(byte[] Buffer, int Length)> chunks, Stream file, SHA256 sha256, CompressionCodec codec, CancellationTokenSource failed)
    {
        try
        {
            using var hashing = new CryptoStream(file, sha256, CryptoStreamMode.Write, leaveOpen: true);
            using (var compressor = codec.Compress(hashing))
            {
                while (chunks.WaitToReadAsync(failed.Token).AsTask().GetAwaiter().GetResult())
                {
                    // Compressing what is already queued can take seconds at high levels: a cancelled dump stops between chunks.
                    while (!failed.IsCancellationRequested && chunks.TryRead(out var chunk))
                    {
                        try
                        {
                            compressor.Write(chunk.Buffer, 0, chunk.Length);
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(chunk.Buffer);
                        }
                    }

                    failed.Token.ThrowIfCancellationRequested();
                }
            }

            if (!hashing.HasFlushedFinalBlock)
            {
                hashing.FlushFinalBlock();
            }

            // A store's file is durable once flushed (ISetWriter.CreateFileAsync); for the local store that is an
            // fsync, which waits for the disk for seconds on a large dump: here, not on a pool thread.
            file.Flush();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failed.Cancel();
            throw;
        }
        finally
        {
            // The compressor is disposed by now: what its native workers freed goes back to the system here, so a set's
            // memory does not grow with its number of databases.
            NativeHeap.ReturnFreedMemory();
        }
    }

    /// <summary>Reads until the buffer is full or the stream ends: a pipe hands over 64 KiB at a time, and fewer, larger chunks cost less to pass on.</summary>
    private static async Task<int> FillAsync(Stream source, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < ChunkSize)
        {
            var read = await source.ReadAsync(buffer.AsMemory(filled, ChunkSize - filled), cancellationToken);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }
}
