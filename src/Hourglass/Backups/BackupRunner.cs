using System.Diagnostics;
using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Postgres;
using Hourglass.Storage;
using Microsoft.Extensions.Logging;

namespace Hourglass.Backups;

/// <summary>
/// Takes one backup set: every database through <c>pg_dump</c> into <c>backup_….partial/</c>, the cluster's globals,
/// the manifest last, then fsync and rename. One database failing does not stop the others (the set is then
/// <c>partial</c>); a set in which nothing dumped, or that cannot be finished, is deleted rather than kept.
/// Pruning the tier afterwards is the job's decision (<c>JobRunner</c>), not this runner's.
/// </summary>
public sealed class BackupRunner(
    HourglassOptions options,
    TierList tiers,
    ISetStore store,
    EventStream events,
    TimeProvider time,
    ILogger<BackupRunner> logger)
{
    private readonly PgConnectionSettings _connection = PgConnectionSettings.Resolve(options.Connection);
    // The cores are shared between the dumps of a set that run at once: each compressor gets its share as zstd workers.
    private readonly CompressionCodec _codec = CompressionCodec.For(
        options.Compression,
        options.CompressionLevel,
        workers: Environment.ProcessorCount / Math.Max(1, options.MaxParallelDumps));

    /// <summary>Runs one set now. Throws <see cref="HourglassException"/> when no set could be kept.</summary>
    public async Task<BackupOutcome> RunAsync(BackupRequest request, IProgress<DumpProgress>? progress, CancellationToken cancellationToken)
    {
        var tier = tiers.NamedOrMostFrequent(request.Tier, time.GetUtcNow());
        var databases = options.SelectDatabases(request.Databases);

        PgClientTools.EnsureInstalled(PgClientTools.PgDump);
        NativeHeap.KeepLargeBuffersOut();

        // The version, the server probe and the globals only feed the manifest: they run beside the dumps, not before them.
        // On the thread pool, because their first steps (starting a process, loading Npgsql and opening a socket) are synchronous.
        var pgDumpVersion = Task.Run(() => PgClientTools.VersionAsync(PgClientTools.PgDump, cancellationToken), CancellationToken.None);
        var server = Task.Run(() => ProbeAsync(databases, cancellationToken), CancellationToken.None);

        var startedAt = time.GetUtcNow();
        var stopwatch = Stopwatch.StartNew();
        await using var set = await store.BeginAsync(SetId.For(tier.Name, startedAt), cancellationToken);
        logger.BackupStarted(tier.Name, set.Id.ToString(), databases.Count);
        foreach (var database in databases)
        {
            progress?.Report(new DumpProgress(database, DumpPhase.Waiting, 0, 0, TimeSpan.Zero));
        }

        using var dumping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var globalsDump = Task.Run(async () => await DumpGlobalsAsync(set, (await server)?.IsSuperuser ?? false, progress, dumping.Token), CancellationToken.None);
        var dumps = new DatabaseDump[databases.Count];
        try
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, databases.Count),
                new ParallelOptions { MaxDegreeOfParallelism = options.MaxParallelDumps, CancellationToken = cancellationToken },
                async (index, token) => dumps[index] = await DumpAsync(set, databases[index], progress, token));
        }
        catch
        {
            // Never leave pg_dumpall writing into a folder that is about to be deleted.
            await dumping.CancelAsync();
            await Task.WhenAny(globalsDump);
            throw;
        }

        if (dumps.All(d => d.Status == DumpStatus.Failed))
        {
            await Task.WhenAny(globalsDump);
            var errors = dumps.Select(d => d.Error).Distinct().ToList();
            var causes = errors.Count == 1 ? errors[0]! : string.Join("; ", dumps.Select(d => $"{d.Name}: {d.Error}"));
            logger.SetAbandoned(set.Id.ToString(), causes);
            throw dumps.Any(d => d.Error == DiskFullError) ? Errors.DiskFull(store.Location) : Errors.NothingBackedUp(tier.Name, causes);
        }

        var globals = await globalsDump;
        var facts = await server;

        var manifest = new Manifest
        {
            Id = set.Id.ToString(),
            Tier = tier.Name,
            StartedAt = startedAt,
            FinishedAt = time.GetUtcNow(),
            Status = dumps.All(d => d.Status == DumpStatus.Ok) && globals.Status == DumpStatus.Ok ? SetStatus.Complete : SetStatus.Partial,
            Server = new ServerInfo(_connection.Host, _connection.Port, facts?.Version),
            PgDump = await pgDumpVersion,
            Node = Environment.MachineName,
            Databases = dumps,
            Globals = globals,
        };

        try
        {
            await set.CommitAsync(manifest, cancellationToken);
        }
        catch (IOException e) when (PrivateFiles.IsDiskFull(e))
        {
            logger.SetAbandoned(set.Id.ToString(), DiskFullError);
            throw Errors.DiskFull(store.Location);
        }

        var bytes = dumps.Sum(d => d.Bytes) + globals.Bytes;
        logger.SetCommitted(set.Id.ToString(), manifest.Status.ToString().ToLowerInvariant(), bytes, stopwatch.ElapsedMilliseconds);
        events.Publish(new SetCommitted(time.GetUtcNow(), manifest, stopwatch.Elapsed));
        return new BackupOutcome(set.Id, manifest, set.Location);
    }

    private const string DiskFullError = "no space left on device";

    /// <summary>The server's version, for the manifest. A failure here is not fatal: each pg_dump reports its own.</summary>
    private async Task<ServerFacts?> ProbeAsync(IReadOnlyList<string> databases, CancellationToken cancellationToken)
    {
        var server = new PgServer(_connection);
        foreach (var database in databases)
        {
            try
            {
                return await server.ProbeAsync(database, cancellationToken);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
            {
                logger.ProbeFailed(database, PgError.Describe(e, _connection.ToString()));
            }
        }

        return null;
    }

    private async Task<DatabaseDump> DumpAsync(ISetWriter set, string database, IProgress<DumpProgress>? progress, CancellationToken cancellationToken)
    {
        var file = DumpFileName.For(database, _codec);
        var result = await RunDumpAsync(
            set,
            database,
            file,
            PgClientTools.PgDump,
            PgClientTools.DumpArguments(database),
            PgClientTools.DumpCompleteLine,
            countRows: true,
            progress,
            cancellationToken);
        if (result.Status == DumpStatus.Ok)
        {
            logger.DumpSucceeded(database, set.Id.ToString(), result.Bytes, result.RawBytes, result.DurationMs);
        }
        else
        {
            logger.DumpFailed(database, set.Id.ToString(), result.Error!);
            events.Publish(new DumpFailed(time.GetUtcNow(), set.Id, database, result.Error!));
        }

        return result;
    }

    private async Task<DatabaseDump> DumpGlobalsAsync(ISetWriter set, bool superuser, IProgress<DumpProgress>? progress, CancellationToken cancellationToken)
    {
        var result = await RunDumpAsync(
            set,
            DumpFileName.Globals,
            DumpFileName.ForGlobals(_codec),
            PgClientTools.PgDumpAll,
            PgClientTools.GlobalsArguments(superuser),
            PgClientTools.ClusterDumpCompleteLine,
            countRows: false,
            progress,
            cancellationToken);
        if (result.Status == DumpStatus.Failed)
        {
            logger.DumpFailed(DumpFileName.Globals, set.Id.ToString(), result.Error!);
            events.Publish(new DumpFailed(time.GetUtcNow(), set.Id, DumpFileName.Globals, result.Error!));
        }

        return result;
    }

    /// <summary>
    /// Runs one dump program into one file. Good only when the program exited 0 and its output ended with its
    /// completion line; otherwise the file is deleted and the entry says why.
    /// </summary>
    private async Task<DatabaseDump> RunDumpAsync(
        ISetWriter set,
        string name,
        string file,
        string tool,
        IReadOnlyList<string> arguments,
        string completionLine,
        bool countRows,
        IProgress<DumpProgress>? progress,
        CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var rows = countRows ? new CopyRowCounter() : null;
        var tail = new DumpTail();
        string? error;
        WrittenDump? written = null;
        progress?.Report(new DumpProgress(name, DumpPhase.Dumping, 0, 0, TimeSpan.Zero));
        try
        {
            await using var process = PgProcess.Start(tool, arguments, _connection.ChildEnvironment(), redirectStdin: false, drainStdout: false, cancellationToken);
            await using var output = await set.CreateFileAsync(file, cancellationToken);
            written = await DumpWriter.WriteAsync(
                process.StandardOutput,
                output,
                _codec,
                rows,
                tail,
                progress is null ? null : (raw, bytes) => progress.Report(new DumpProgress(name, DumpPhase.Dumping, raw, bytes, stopwatch.Elapsed)),
                cancellationToken);
            var exitCode = await process.WaitForExitAsync(cancellationToken);
            error = exitCode != 0 ? process.DescribeFailure(exitCode)
                : !tail.EndsWith(completionLine) ? $"the output of {tool} ended before its completion line (truncated)"
                : null;
        }
        catch (IOException e) when (PrivateFiles.IsDiskFull(e))
        {
            error = DiskFullError;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (IOException e)
        {
            error = $"writing {file} failed: {e.Message}";
        }

        if (error is not null)
        {
            await set.DeleteFileAsync(file, CancellationToken.None);
            progress?.Report(new DumpProgress(name, DumpPhase.Failed, written?.RawBytes ?? 0, 0, stopwatch.Elapsed, error));
            return new DatabaseDump
            {
                Name = name, File = file, Compression = _codec.Name, Status = DumpStatus.Failed, Error = error,
                DurationMs = stopwatch.ElapsedMilliseconds,
            };
        }

        var done = written!;
        progress?.Report(new DumpProgress(name, DumpPhase.Done, done.RawBytes, done.Bytes, stopwatch.Elapsed));
        return new DatabaseDump
        {
            Name = name,
            File = file,
            Compression = _codec.Name,
            Bytes = done.Bytes,
            RawBytes = done.RawBytes,
            Sha256 = done.Sha256,
            DurationMs = stopwatch.ElapsedMilliseconds,
            Status = DumpStatus.Ok,
            Tables = rows?.Tables.ToDictionary(StringComparer.Ordinal) ?? [],
        };
    }
}
