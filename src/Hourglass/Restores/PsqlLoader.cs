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

    /// <summary>Loads the stored dump <paramref name="input"/> into <paramref name="database"/>; <paramref name="target"/> names it in errors.</summary>
    public static async Task<CopyRowCounter> LoadAsync(PgConnectionSettings connection, Stream input, CompressionCodec codec, string database, string target, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var rows = new CopyRowCounter();
        await using var psql = PgProcess.Start(PgClientTools.Psql, PgClientTools.RestoreArguments(database), connection.ChildEnvironment(), redirectStdin: true, drainStdout: true, cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            await using var source = codec.Decompress(input);
            var total = 0L;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                rows.Append(buffer.AsSpan(0, read));
                await psql.StandardInput.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                total += read;
                progress?.Report(total);
            }

            psql.CloseInput();
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            // psql stopped reading: it hit an error and exited. Its exit code and message below say which.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var exitCode = await psql.WaitForExitAsync(cancellationToken);
        if (exitCode != 0)
        {
            // psql's exit status says whose fault it was: 3 is an error in the script under ON_ERROR_STOP, the dump's
            // unless its SQLSTATE says the server's (out of disk, shutting down, no privilege); 1 is psql's own
            // trouble, 2 a refused or lost connection, and above 128 a signal.
            throw exitCode == ScriptErrorExitCode && !PgError.IsServerTrouble(PgError.SqlState(psql.ErrorLines))
                ? Errors.DumpDoesNotLoad(target, psql.DescribeFailure(exitCode))
                : Errors.RestoreFailed(target, psql.DescribeFailure(exitCode));
        }

        return rows;
    }
}
