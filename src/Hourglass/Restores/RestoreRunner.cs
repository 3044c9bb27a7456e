using System.Diagnostics;
using Hourglass.Backups;
using Hourglass.Configuration;
using Hourglass.Postgres;
using Hourglass.Storage;
using Microsoft.Extensions.Logging;

namespace Hourglass.Restores;

/// <summary>
/// Restores one dump, reading it once: it streams through decompression into a staging database, serially into one
/// <c>psql --single-transaction</c> or over several connections at once (<see cref="ParallelLoader"/>), and its
/// stored bytes are hashed on the way and checked against the manifest at the end, so a damaged file keeps nothing.
/// The staging database takes the target's name only once everything loaded: a restore that fails is dropped, and
/// one that is killed leaves only a staging database, which the next restore drops (<see cref="StagingDatabase"/>),
/// so no database under the target's name is ever half restored. A non-empty target is refused unless forced, and
/// then it is replaced by a swap that keeps the old database until the new one has its name.
/// </summary>
public sealed class RestoreRunner(HourglassOptions options, SetStores stores, SetKeys keys, ILogger<RestoreRunner> logger)
{
    private readonly PgConnectionSettings _connection = PgConnectionSettings.Resolve(options.Connection);

    public Task<RestoreOutcome> RunAsync(RestoreRequest request, IProgress<long>? progress, CancellationToken cancellationToken) =>
        RunAsync(stores.For(request.Target), request, progress, cancellationToken);

    /// <summary>Restores from <paramref name="store"/>, the store <paramref name="request"/>'s target names (a seam for tests that watch what is read).</summary>
    internal async Task<RestoreOutcome> RunAsync(ISetStore store, RestoreRequest request, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var (set, dump) = await SetQueries.GoodDumpAsync(store, request.Set, request.Database, request.Tier, cancellationToken);
        var warnings = new List<string>();
        if (set.Manifest!.Verification is { Status: VerificationStatus.Failed } failed)
        {
            Warn(warnings, set.Id.ToString(), $"set {set.Id} failed its last verification ({failed.At:u}): {failed.Problems.FirstOrDefault()}");
        }

        var globals = request.Globals ? set.Manifest!.Globals : null;
        if (request.Globals)
        {
            if (globals is not { Status: DumpStatus.Ok })
            {
                throw Errors.DumpNotGood(set.Id.ToString(), DumpFileName.Globals, globals?.Error ?? "the set has no globals dump");
            }

            await FileChecksum.EnsureMatchesAsync(store, set.Id, globals.File, globals.Sha256, cancellationToken);
        }

        var selection = request.Selection ?? RestoreSelection.All;
        var selector = selection.IsAll ? null : new EntrySelector(selection);
        if (selector is not null)
        {
            EntrySelector.EnsureTablesExist(selection, dump.Tables.Keys, set.Id.ToString(), request.Database);
        }

        // Opened before any database is touched, so a missing file (or the wrong key) stops the restore here.
        await using var input = await StreamedDump.OpenAsync(store, keys, set.Id, dump, cancellationToken);
        var target = request.Into ?? request.Database;
        EnsureNotReserved(target, replacing: !selection.DataOnly);
        var server = new PgServer(_connection);
        var stopwatch = Stopwatch.StartNew();
        if (selection.DataOnly)
        {
            return await LoadRowsIntoAsync(server, input, set.Id.ToString(), dump, target, request, selector!, warnings, progress, stopwatch, cancellationToken);
        }

        var (exists, replace) = await CheckTargetAsync(server, target, request.Force, partial: !selection.IsAll, cancellationToken);
        await using var staging = await StageAsync(server, cancellationToken);
        logger.RestoreStarted(request.Database, set.Id.ToString(), target);
        try
        {
            if (globals is not null)
            {
                foreach (var warning in await ApplyGlobalsAsync(store, set.Id, globals, staging.Name, cancellationToken))
                {
                    Warn(warnings, set.Id.ToString(), warning);
                }
            }

            var rows = await LoadAsync(input, dump, staging.Name, target, request, selector, null, warnings, set.Id.ToString(), progress, cancellationToken);
            await new TargetSwap(server, _connection, logger).PutInPlaceAsync(staging.Name, target, exists, replace, warning => Warn(warnings, set.Id.ToString(), warning));
            await SweepAbandonedAsync(server, cancellationToken);

            var outcome = new RestoreOutcome(set.Id.ToString(), request.Database, target, rows.Count, rows.Values.Sum(), stopwatch.Elapsed, replace, warnings);
            logger.RestoreFinished(request.Database, set.Id.ToString(), target, outcome.Tables, outcome.Rows, stopwatch.ElapsedMilliseconds);
            return outcome;
        }
        catch
        {
            // Never leave a half-restored database behind, even when cancelled.
            await DropStagingAsync(server, staging.Name);
            throw;
        }
    }

    /// <summary>
    /// Drops leftovers once more when the restore is done. Found by the fault campaign: a restore killed while its
    /// server ran CREATE DATABASE for it leaves a staging database that appears only when that statement commits,
    /// which can be after the next restore looked for leftovers at its start. Best effort: the next restore looks again.
    /// </summary>
    private async Task SweepAbandonedAsync(PgServer server, CancellationToken cancellationToken)
    {
        try
        {
            await StagingDatabase.DropAbandonedAsync(server, logger, cancellationToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            logger.RestoreSweepFailed(PgError.Describe(e, _connection.ToString()));
        }
    }

    /// <summary>Drops a failed restore's staging database; when even that fails, the next restore drops it (its lock is free once this one ends).</summary>
    private async Task DropStagingAsync(PgServer server, string staging)
    {
        try
        {
            await server.DropDatabaseAsync(staging, CancellationToken.None);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            logger.RestoreLeftoverKept(staging, PgError.Describe(e, _connection.ToString()));
        }
    }

    /// <summary>
    /// <c>--data-only</c>: the dump's rows into an existing database, in one transaction on one connection, so that a
    /// row that does not fit (a duplicate key, a missing table) keeps nothing. As a superuser the foreign keys' and
    /// triggers' checks are held off while it loads (<c>session_replication_role = replica</c>, as pg_restore's
    /// <c>--disable-triggers</c>), because the dump's rows come in the order of their tables' names.
    /// </summary>
    private async Task<RestoreOutcome> LoadRowsIntoAsync(PgServer server, StreamedDump input, string setId, DatabaseDump dump, string target, RestoreRequest request, EntrySelector selector, List<string> warnings, IProgress<long>? progress, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        bool superuser;
        try
        {
            if (!await server.DatabaseExistsAsync(target, cancellationToken))
            {
                throw Errors.DataOnlyNeedsDatabase(target);
            }

            superuser = (await server.ProbeAsync(target, cancellationToken)).IsSuperuser;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            throw Errors.CannotConnect($"at {_connection}", PgError.Describe(e, _connection.ToString()));
        }

        if (!superuser)
        {
            Warn(warnings, setId, "not a superuser, so foreign keys and triggers in the target check each row as it loads: rows of a table may arrive before the rows they reference");
        }

        logger.RestoreStarted(request.Database, setId, target);
        var options = new ParallelLoader.Options(1, ChunkBytes, SingleTransaction: true, Setup: superuser ? "SET session_replication_role = replica;" : null);
        var rows = await LoadAsync(input, dump, target, target, request, selector, options, warnings, setId, progress, cancellationToken);
        var outcome = new RestoreOutcome(setId, request.Database, target, rows.Count, rows.Values.Sum(), stopwatch.Elapsed, Replaced: false, warnings);
        logger.RestoreFinished(request.Database, setId, target, outcome.Tables, outcome.Rows, stopwatch.ElapsedMilliseconds);
        return outcome;
    }

    /// <summary>Rows sent as one COPY at most by a parallel load (a setting for tests, which make it small to cut small tables).</summary>
    internal int ChunkBytes { get; set; } = 8 << 20;

    /// <summary>
    /// Loads the dump into <paramref name="database"/>, serially through one psql in a single transaction or over
    /// several connections (<see cref="RestoreRequest.Jobs"/>), and decides on its checksum once the whole dump was
    /// read. A mismatch fails the load naming the file, unless forced (the person saying "I know": a damaged dump
    /// may still hold the data they need), when it is a warning.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, long>> LoadAsync(StreamedDump input, DatabaseDump dump, string database, string target, RestoreRequest request, EntrySelector? selector, ParallelLoader.Options? options, List<string> warnings, string setId, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        async Task CheckAsync(CancellationToken token)
        {
            if (await input.CheckAsync(token) is { } problem)
            {
                if (!request.Force)
                {
                    throw Errors.DamagedDump(problem);
                }

                Warn(warnings, setId, problem + "; restoring it anyway because of --force");
            }
        }

        var codec = CompressionCodec.FromName(dump.Compression);
        // At most 64 whatever a caller asks, and by default one per processor up to 8: each is a session on the server.
        var jobs = Math.Clamp(request.Jobs ?? Math.Min(Environment.ProcessorCount, 8), 1, 64);
        try
        {
            if (jobs <= 1 && selector is null)
            {
                return (await PsqlLoader.LoadAsync(_connection, input.Input, codec, database, target, progress, CheckAsync, cancellationToken)).Tables;
            }

            await using var plain = codec.Decompress(input.Input);
            using var reader = await DumpReader.OpenAsync(plain, cancellationToken);
            var entries = reader.ReadEntriesAsync(cancellationToken);
            var rows = await new ParallelLoader(_connection, logger).LoadAsync(
                reader,
                selector is null ? entries : selector.SelectAsync(entries, cancellationToken),
                database,
                target,
                options ?? new ParallelLoader.Options(Math.Max(1, jobs), ChunkBytes, SingleTransaction: false),
                progress,
                CheckAsync,
                cancellationToken);
            foreach (var warning in selector is null ? [] : selector.Warnings.Concat(selector.Unmatched.Select(name => $"{name} matched nothing in the dump")))
            {
                Warn(warnings, setId, warning);
            }

            return rows;
        }
        catch (Exception e) when (e is InvalidDataException or ZstdSharp.ZstdException)
        {
            throw await MismatchAfterFailureAsync(input, cancellationToken) is { } problem && !request.Force
                ? Errors.DamagedDump(problem)
                : Errors.DumpDoesNotLoad(target, $"the dump cannot be read to its end ({e.Message.TrimEnd('.')})");
        }
        catch (IOException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw Errors.RestoreFailed(target, $"reading the dump failed ({e.Message.TrimEnd('.')})");
        }
        catch (HourglassException e) when (e.IsDataFault && !request.Force)
        {
            // A dump that stopped decompressing, decrypting or loading halfway may just be damaged: reading the rest
            // says whether its bytes are the ones written, and a damaged file is the error worth reporting.
            if (await MismatchAfterFailureAsync(input, cancellationToken) is { } problem)
            {
                throw Errors.DamagedDump(problem);
            }

            throw;
        }
    }

    /// <summary>The checksum's verdict on a dump whose load failed, or null when the rest of it cannot be read: then the load's own error stands.</summary>
    private static async Task<string?> MismatchAfterFailureAsync(StreamedDump input, CancellationToken cancellationToken)
    {
        try
        {
            return await input.CheckAsync(cancellationToken);
        }
        catch (IOException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private void Warn(List<string> warnings, string setId, string warning)
    {
        warnings.Add(warning);
        logger.RestoreWarning(setId, warning);
    }

    /// <summary>
    /// Refuses <paramref name="database"/> as the target of a restore into a new database when it exists and holds
    /// anything: what the web's "restore into new database" checks before it queues the job, so a person learns at
    /// once rather than from a failed job. (The job checks again: the database may be filled in between.)
    /// </summary>
    public async Task EnsureNewTargetAsync(string database, CancellationToken cancellationToken)
    {
        var server = new PgServer(_connection);
        try
        {
            if (await server.DatabaseExistsAsync(database, cancellationToken) && !await server.IsEmptyAsync(database, cancellationToken))
            {
                throw Errors.RestoreTargetInUse(database);
            }
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            throw Errors.CannotConnect($"at {_connection}", PgError.Describe(e, _connection.ToString()));
        }
    }

    /// <summary>
    /// Refuses the server's template databases, the names of Hourglass's own staging databases, and, when the restore
    /// would replace it, <c>postgres</c>, where Hourglass's own administrative sessions connect.
    /// </summary>
    private static void EnsureNotReserved(string target, bool replacing)
    {
        if (target is "template0" or "template1" || (replacing && target == "postgres") || target.StartsWith(StagingDatabase.Prefix, StringComparison.Ordinal))
        {
            throw Errors.RestoreTargetReserved(target);
        }
    }

    /// <summary>
    /// Whether <paramref name="target"/> exists (then the restored database replaces it), and whether that replaces
    /// anything: a non-empty target is refused unless <paramref name="force"/>, and always for a
    /// <paramref name="partial"/> restore, which would replace a whole database with part of its dump.
    /// </summary>
    private async Task<(bool Exists, bool Replace)> CheckTargetAsync(PgServer server, string target, bool force, bool partial, CancellationToken cancellationToken)
    {
        try
        {
            if (!await server.DatabaseExistsAsync(target, cancellationToken))
            {
                return (false, false);
            }

            if (await server.IsEmptyAsync(target, cancellationToken))
            {
                return (true, false);
            }

            return !force ? throw Errors.TargetNotEmpty(target)
                : partial ? throw Errors.PartialRestoreWouldReplace(target)
                : (true, true);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            throw Errors.CannotConnect($"at {_connection}", PgError.Describe(e, _connection.ToString()));
        }
    }

    /// <summary>Drops what killed restores left, then creates this restore's staging database.</summary>
    private async Task<StagingDatabase> StageAsync(PgServer server, CancellationToken cancellationToken)
    {
        try
        {
            await StagingDatabase.DropAbandonedAsync(server, logger, cancellationToken);
            return await StagingDatabase.CreateAsync(server, cancellationToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            throw Errors.CannotConnect($"at {_connection}", PgError.Describe(e, _connection.ToString()));
        }
    }

    /// <summary>Applies roles and tablespaces; "already exists" is expected on a live cluster, other errors become warnings.</summary>
    private async Task<IReadOnlyList<string>> ApplyGlobalsAsync(ISetStore store, SetId set, DatabaseDump globals, string database, CancellationToken cancellationToken)
    {
        await using var psql = PgProcess.Start(PgClientTools.Psql, PgClientTools.GlobalsRestoreArguments(database), _connection.ChildEnvironment(), redirectStdin: true, drainStdout: true, cancellationToken);
        await using (var input = await keys.OpenDumpAsync(store, set, globals, cancellationToken))
        await using (var source = CompressionCodec.FromName(globals.Compression).Decompress(input))
        {
            await source.CopyToAsync(psql.StandardInput, cancellationToken);
        }

        psql.CloseInput();
        await psql.WaitForExitAsync(cancellationToken);
        return psql.ErrorLines
            .Where(line => line.Contains("ERROR:", StringComparison.Ordinal) && !line.Contains("already exists", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf("ERROR:", StringComparison.Ordinal) + 6)..].Trim())
            .ToList();
    }
}
