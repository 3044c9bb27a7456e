using System.Diagnostics;

namespace Hourglass.Storage;

/// <summary>What a copy did: the set, where it went, how many bytes, and whether it was there already.</summary>
public sealed record CopyOutcome(SetId Set, string Target, Manifest Manifest, long Bytes, TimeSpan Duration, bool AlreadyThere);

/// <summary>
/// Copies a set from the local root to a target, so that the target holds it exactly when its manifest is there.
/// Each file streams from the local store into the target (an upload in parts; memory does not grow with the file),
/// and is checked on the way: the SHA-256 of the bytes read must be the one the local manifest recorded, or the copy
/// stops before the target's manifest is written (the store checks each uploaded part's bytes with Content-MD5).
/// The manifest goes last, so an interrupted copy leaves a leftover, never a set; a retry removes that leftover and
/// starts again; a set already on the target is not copied twice.
/// </summary>
public sealed class SetCopier(SetStores stores)
{
    private const int BufferSize = 1 << 20;

    public async Task<CopyOutcome> CopyAsync(SetId id, string target, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var taken = stores.Targets.Get(target);
        if (!taken.Takes(id.Tier))
        {
            throw Errors.TierNotTaken(target, id.Tier, taken.Tiers.Select(t => t.Name));
        }

        var source = stores.Local;
        var destination = stores.Target(taken);
        // A set pruned locally before its copy ran is gone for good: retrying cannot help.
        var set = await source.FindAsync(id, cancellationToken) ?? throw Errors.NoLongerThere(id.ToString());
        var manifest = set.Manifest ?? throw Errors.SetUnreadable(id.ToString(), "copy", set.Problem);

        switch (await destination.FindAsync(id, cancellationToken))
        {
            case { Manifest: { } there }:
                return new CopyOutcome(id, target, there, 0, stopwatch.Elapsed, AlreadyThere: true);
            case { Problem: var problem }:
                // Never overwritten by a copy: what is there was written by someone, and a person should look at it.
                throw Errors.CopyOverUnreadable(id.ToString(), target, problem);
        }

        // An earlier attempt that died mid-copy (the target went away, the node was killed) could not clean up, and on
        // a store that judges a writer only by its age (S3: a day) its objects look like a set still being written.
        // Copies of one set to one target run one at a time (one ledger job, under a lease), so whatever is at this
        // id is an earlier attempt's: it is removed whatever it looks like. Were another copy of the set running
        // after all, its commit would find its files gone and refuse (S3SetWriter.CommitAsync), to be retried.
        foreach (var leftover in await destination.ListLeftoversAsync(id.Tier, cancellationToken))
        {
            if (leftover.Id == id)
            {
                await destination.RemoveLeftoverAsync(leftover.Kind == LeftoverKind.InProgress ? leftover with { Kind = LeftoverKind.Unfinished } : leftover, cancellationToken);
            }
        }

        await using var writer = await destination.BeginAsync(id, cancellationToken);
        if (writer.Id != id)
        {
            throw Errors.CopyTakenId(id.ToString(), target);
        }

        var bytes = 0L;
        foreach (var file in manifest.Databases.Append(manifest.Globals).OfType<DatabaseDump>().Where(d => d.Status == DumpStatus.Ok))
        {
            bytes += await CopyFileAsync(source, writer, id, file, target, cancellationToken);
        }

        // A verification is of the copy it ran on: the target's starts unverified until `verify --target` proves it there.
        await writer.CommitAsync(manifest with { Verification = null }, cancellationToken);
        var copied = await destination.FindAsync(id, cancellationToken);
        return new CopyOutcome(id, target, copied?.Manifest ?? manifest, bytes, stopwatch.Elapsed, AlreadyThere: false);
    }

    private static async Task<long> CopyFileAsync(ISetStore source, ISetWriter writer, SetId id, DatabaseDump file, string target, CancellationToken cancellationToken)
    {
        await using var input = await FileChecksum.OpenAsync(source, id, file.File, cancellationToken);
        await using var output = await writer.CreateFileAsync(file.File, cancellationToken);
        await using var hashed = new HashingStream(output, leaveOpen: true);
        await input.CopyToAsync(hashed, BufferSize, cancellationToken);
        if (!string.Equals(hashed.Sha256, file.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            // Thrown before the manifest is written: the writer, disposed uncommitted, removes what it stored.
            throw Errors.CopyMismatch(id.ToString(), target, $"{file.File} in the backup root does not match its manifest (SHA-256 {hashed.Sha256[..12]}…); verify the set");
        }

        return hashed.Bytes;
    }
}
