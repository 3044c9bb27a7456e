using System.Buffers;
using Hourglass.Backups;
using Hourglass.Postgres;

namespace Hourglass.Restores;

/// <summary>
/// Feeds one dump file to <c>psql --single-transaction -v ON_ERROR_STOP=1</c>, decompressing as it streams and
/// counting each table's rows on the way, so a load applies entirely or not at all and says exactly what it loaded.
/// Used by restores and by verification's test restores.
/// </summary>
internal static class PsqlLoader
{
    private const int BufferSize = 1 << 20;

    /// <summary>psql's exit status when a statement of its script failed and <c>ON_ERROR_STOP</c> stopped it.</summary>
    private const int ScriptErrorExitCode = 3;

    /// <summary>
    /// Loads the stored dump <paramref name="input"/> into <paramref name="database"/>; <paramref name="target"/> names
    /// it in errors. <paramref name="atEnd"/>, when given, runs once the input is read to its end and before psql sees
    /// that end (which commits its transaction): throwing there rolls the whole load back.
    /// </summary>
    public static async Task<CopyRowCounter> LoadAsync(PgConnectionSettings connection, Stream input, CompressionCodec codec, string database, string target, IProgress<long>? progress, Func<CancellationToken, Task>? atEnd, CancellationToken cancellationToken)
    {
        var rows = new CopyRowCounter();
        await using var psql = PgProcess.Start(PgClientTools.Psql, PgClientTools.RestoreArguments(database), connection.ChildEnvironment(), redirectStdin: true, drainStdout: true, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            // A failure to read the dump (a damaged file, a download cut off) propagates, and disposing psql kills it
            // with its input still open, so its single transaction rolls back; it is never taken for the end.
            await using var source = codec.Decompress(input);
            var total = 0L;
            int read;
            while ((read = await ReadAsync(source, buffer.AsMemory(0, BufferSize), target, cancellationToken)) > 0)
            {
                rows.Append(buffer.AsSpan(0, read));
                if (!await WriteAsync(psql, buffer.AsMemory(0, read), cancellationToken))
                {
                    break;
                }

                total += read;
                progress?.Report(total);
            }

            if (read == 0)
            {
                if (atEnd is not null)
                {
                    await atEnd(cancellationToken);
                }

                psql.CloseInput();
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var exitCode = await psql.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            throw Failure(psql, exitCode, target);
        }

        return rows;
    }

    /// <summary>The error for a psql that loaded into <paramref name="target"/> and exited with <paramref name="exitCode"/> (not 0).</summary>
    internal static HourglassException Failure(PgProcess psql, int exitCode, string target) =>
        // psql's exit status says whose fault it was: 3 is an error in the script under ON_ERROR_STOP, the dump's
        // unless its SQLSTATE says the server's (out of disk, shutting down, no privilege); 1 is psql's own
        // trouble, 2 a refused or lost connection, and above 128 a signal.
        exitCode == ScriptErrorExitCode && !PgError.IsServerTrouble(PgError.SqlState(psql.ErrorLines))
            ? Errors.DumpDoesNotLoad(target, psql.DescribeFailure(exitCode))
            : Errors.RestoreFailed(target, psql.DescribeFailure(exitCode));

    /// <summary>Reads the dump; a file that does not decompress is the dump's fault, a read that fails is the store's.</summary>
    private static async Task<int> ReadAsync(Stream source, Memory<byte> buffer, string target, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException)
        {
            throw Errors.DumpDoesNotLoad(target, $"the dump does not decompress to the end ({e.Message.TrimEnd('.')})");
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Errors.RestoreFailed(target, $"reading the dump failed ({e.Message.TrimEnd('.')})");
        }
    }

    /// <summary>Writes to psql; false when psql stopped reading (it hit an error and exited: its exit code and message say which).</summary>
    private static async Task<bool> WriteAsync(PgProcess psql, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        try
        {
            await psql.StandardInput.WriteAsync(bytes, cancellationToken);
            return true;
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
