using System.Diagnostics;
using Hourglass.Backups;
using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Postgres;
using Hourglass.Restores;
using Hourglass.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hourglass.Verification;

/// <summary>
/// Proves a set restores. Every file is read back against its manifest (<see cref="DumpFileCheck"/>); with
/// <see cref="VerifyRequest.Restore"/> each dump is also restored into a scratch database
/// (<c>hourglass_verify_{db}_{set}</c>, always dropped, even after a failure or cancellation, unless kept on purpose),
/// its tables' row counts compared with the manifest's and its objects counted. The result is written into the
/// set's manifest atomically. Only what the set is to blame for is recorded there (a file that differs, a dump whose
/// SQL fails to load, counts that disagree); when the check itself cannot run (psql missing, the server unreachable
/// or refusing to create the scratch database) verification fails with that one-line error and the manifest is left
/// as it was, so a good set is never marked failed for it.
/// </summary>
public sealed class SetVerifier(HourglassOptions options, SetStores stores, SetKeys keys, EventStream events, TimeProvider time, ILogger<SetVerifier> logger)
{
    private readonly PgConnectionSettings _connection = PgConnectionSettings.Resolve(options.Connection);

    /// <summary>The prefix of every scratch database; nothing else uses it.</summary>
    public const string ScratchPrefix = "hourglass_verify_";

    public async Task<VerifyOutcome> VerifyAsync(VerifyRequest request, CancellationToken cancellationToken)
    {
        var store = stores.For(request.Target);
        var set = await ResolveAsync(store, request, cancellationToken);
        var manifest = set.Manifest ?? throw Errors.SetUnreadable(set.Id.ToString(), "verified", set.Problem);
        var stopwatch = Stopwatch.StartNew();
        var dumps = manifest.Databases
            .Where(d => d.Status == DumpStatus.Ok && (request.Databases is null || request.Databases.Contains(d.Name)))
            .ToList();
        var files = new List<FileVerification>();
        var kept = new List<string>();
        foreach (var dump in dumps)
        {
            var (file, scratch) = await VerifyDumpAsync(store, set, dump, request, cancellationToken);
            files.Add(file);
            kept.AddRange(scratch is null ? [] : [scratch]);
        }

        if (request.Databases is null && manifest.Globals is { Status: DumpStatus.Ok } globals)
        {
            var check = await DumpFileCheck.CheckAsync(store, keys, set.Id, globals, isGlobals: true, cancellationToken);
            files.Add(new FileVerification { File = globals.File, Bytes = check.Bytes, RawBytes = check.RawBytes, Problems = [.. check.Problems, .. check.RowProblems] });
        }

        var problems = files.SelectMany(f => f.Problems).ToList();
        var verification = new SetVerification
        {
            At = time.GetUtcNow(),
            Node = Environment.MachineName,
            Restore = request.Restore,
            Status = problems.Count == 0 ? VerificationStatus.Passed : VerificationStatus.Failed,
            Problems = problems,
            Files = files,
        };
        await store.ReplaceManifestAsync(manifest with { Verification = verification }, cancellationToken);
        logger.SetVerified(set.Id.ToString(), verification.Status.ToString().ToLowerInvariant(), files.Count, problems.Count, stopwatch.ElapsedMilliseconds);
        events.Publish(new VerificationFinished(time.GetUtcNow(), set.Id, verification, stopwatch.Elapsed, request.Target));
        return new VerifyOutcome(set, verification, kept);
    }

    private static async Task<StoredSet> ResolveAsync(ISetStore store, VerifyRequest request, CancellationToken cancellationToken)
    {
        if (request.Set != SetQueries.Latest)
        {
            return await SetQueries.ResolveAsync(store, request.Set, request.Tier, cancellationToken);
        }

        return (await store.ListSetsAsync(request.Tier, cancellationToken)).FirstOrDefault(s =>
                s.Manifest is { } m
                && (!request.CompleteOnly || m.Status == SetStatus.Complete)
                && (request.Databases is null || request.Databases.All(db => m.Find(db) is { Status: DumpStatus.Ok })))
            ?? throw Errors.NothingToVerify(request.Tier is null ? store.Location : $"tier '{request.Tier}'");
    }

    private async Task<(FileVerification File, string? KeptScratch)> VerifyDumpAsync(ISetStore store, StoredSet set, DatabaseDump dump, VerifyRequest request, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var check = await DumpFileCheck.CheckAsync(store, keys, set.Id, dump, isGlobals: false, cancellationToken);
        var file = new FileVerification { File = dump.File, Database = dump.Name, Bytes = check.Bytes, RawBytes = check.RawBytes, Problems = [.. check.Problems, .. check.RowProblems] };
        if (!request.Restore || check.Problems.Count > 0)
        {
            return (file with { DurationMs = stopwatch.ElapsedMilliseconds }, null);
        }

        var server = new PgServer(_connection);
        var scratch = ScratchName(dump.Name, set.Id);
        var problems = new List<string>();
        IReadOnlyDictionary<string, long>? objects = null;
        var restored = new Dictionary<string, long>(StringComparer.Ordinal);
        var (created, failing) = (false, false);
        try
        {
            await server.DropDatabaseAsync(scratch, cancellationToken);
            await server.CreateDatabaseAsync(scratch, cancellationToken);
            created = true;
            await using (var input = await keys.OpenDumpAsync(store, set.Id, dump, cancellationToken))
            {
                await PsqlLoader.LoadAsync(_connection, input, CompressionCodec.FromName(dump.Compression), scratch, scratch, null, null, cancellationToken);
            }

            foreach (var table in dump.Tables.Keys)
            {
                // A table the restore lacks is left out, so the comparison below names it as missing.
                if (await server.CountRowsAsync(scratch, QualifiedName.Parse(table), cancellationToken) is { } rows)
                {
                    restored[table] = rows;
                }
            }

            objects = await server.CountObjectsAsync(scratch, cancellationToken);
            problems.AddRange(RowCounts.Compare(dump.File, "after a test restore", restored, dump.Tables));
        }
        catch (HourglassException e) when (e.IsDataFault)
        {
            // Only the dump's own SQL failing is held against the set. Any other failure (psql missing, a refused
            // connection) means the check could not run: it propagates, and the manifest is left as it was.
            problems.Add($"{dump.File} does not restore: {e.Message}");
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            failing = true;
            throw CouldNotRun(dump.File, e);
        }
        catch
        {
            failing = true;
            throw;
        }
        finally
        {
            if (created && !request.Keep)
            {
                // Dropped however the restore ended, including cancellation: scratch databases never outlive the command.
                await DropScratchAsync(server, scratch, dump.File, failing);
            }
        }

        return (file with
        {
            TablesCompared = restored.Count,
            RowsCompared = restored.Values.Sum(),
            Objects = objects,
            Problems = [.. check.Problems, .. check.RowProblems, .. problems],
            DurationMs = stopwatch.ElapsedMilliseconds,
        }, request.Keep ? scratch : null);
    }

    /// <summary>
    /// Drops a scratch database. When it cannot be dropped the verification fails with that, unless another failure
    /// (a cancellation, the server going away) is already on its way out: that one is what happened, so it stays the
    /// error and the drop's failure is logged beside it.
    /// </summary>
    private async Task DropScratchAsync(PgServer server, string scratch, string file, bool failing)
    {
        try
        {
            await server.DropDatabaseAsync(scratch, CancellationToken.None);
        }
        catch (Exception e) when ((e is NpgsqlException or TimeoutException) && failing)
        {
            logger.ScratchNotDropped(scratch, PgError.Describe(e, _connection.ToString()));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            throw CouldNotRun(file, e);
        }
    }

    /// <summary>A test restore the server did not let happen: unreachable, or refusing the work (no right to create the scratch database, shutting down, out of space).</summary>
    private HourglassException CouldNotRun(string file, Exception e) => e is NpgsqlException and not PostgresException
        ? Errors.CannotConnect($"at {_connection}", PgError.Describe(e, _connection.ToString()))
        : Errors.TestRestoreCouldNotRun(file, PgError.Describe(e, _connection.ToString()));

    /// <summary><c>hourglass_verify_{db}_{set time}</c>, lower-case letters, digits and underscores, within PostgreSQL's 63 bytes.</summary>
    public static string ScratchName(string database, SetId set)
    {
        var safe = new string(database.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
        var suffix = "_" + set.Name["backup_".Length..].Replace("_", "", StringComparison.Ordinal);
        var room = 63 - ScratchPrefix.Length - suffix.Length;
        return ScratchPrefix + (safe.Length > room ? safe[..room] : safe) + suffix;
    }
}
