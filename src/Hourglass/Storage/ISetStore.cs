namespace Hourglass.Storage;

/// <summary>
/// Where backup sets live: the local backup root today, an S3-compatible bucket tomorrow. Everything above this
/// interface speaks of <see cref="SetId"/>s, manifests and streams, never of paths, so restore, verify, list,
/// prune and status work the same on every store.
/// <para>
/// The promises every store keeps (and the store contract suite checks): a set becomes visible only when
/// <see cref="ISetWriter.CommitAsync"/> has written its manifest, last; a set being written, or left unfinished by a
/// crash, is never listed as a set; deleting a set never leaves something that lists as a set with files missing;
/// the manifest of a finished set is replaced atomically. What a store reads back is untrusted: manifests are
/// validated when read (<see cref="ManifestFile"/>) and file names are plain names inside their set.
/// </para>
/// </summary>
public interface ISetStore
{
    /// <summary>Where the store is, for people: a folder, or a bucket and prefix. Never a secret.</summary>
    string Location { get; }

    /// <summary>The tiers that hold anything, by name.</summary>
    Task<IReadOnlyList<string>> ListTiersAsync(CancellationToken cancellationToken);

    /// <summary>The finished sets of <paramref name="tier"/> (every tier when null), newest first, each with its manifest or the problem reading it.</summary>
    Task<IReadOnlyList<StoredSet>> ListSetsAsync(string? tier, CancellationToken cancellationToken);

    /// <summary>The finished set with this id, or null.</summary>
    Task<StoredSet?> FindAsync(SetId id, CancellationToken cancellationToken);

    /// <summary>What in <paramref name="tier"/> is not a finished set: sets being written, left unfinished, or half deleted.</summary>
    Task<IReadOnlyList<Leftover>> ListLeftoversAsync(string tier, CancellationToken cancellationToken);

    /// <summary>Opens a file of a finished set for reading, or null when the set has no such file.</summary>
    Task<Stream?> OpenReadAsync(SetId id, string file, CancellationToken cancellationToken);

    /// <summary>
    /// Begins a new set at the first free id at or after <paramref name="id"/>. Nothing of it is visible until it is
    /// committed; disposing it uncommitted removes what was written.
    /// </summary>
    Task<ISetWriter> BeginAsync(SetId id, CancellationToken cancellationToken);

    /// <summary>Replaces a finished set's manifest atomically (a reader sees the old or the new one), as verification does.</summary>
    Task ReplaceManifestAsync(Manifest manifest, CancellationToken cancellationToken);

    /// <summary>Deletes a finished set. Interrupted, it leaves a leftover, never a set with files missing.</summary>
    Task DeleteAsync(SetId id, CancellationToken cancellationToken);

    /// <summary>Removes a leftover of a crashed backup or an interrupted delete.</summary>
    Task RemoveLeftoverAsync(Leftover leftover, CancellationToken cancellationToken);

    /// <summary>Bytes free where new sets go, or null where a store has no such limit.</summary>
    Task<long?> FreeBytesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes a small probe where sets go and deletes it again (what <c>doctor</c> checks): proves the store is
    /// reachable, the credentials are good and writing and deleting are allowed. Throws the store's one-line error.
    /// </summary>
    Task ProbeAsync(CancellationToken cancellationToken);
}

/// <summary>A set being written: its files, then its manifest, last. Disposing it uncommitted removes it.</summary>
public interface ISetWriter : IAsyncDisposable
{
    /// <summary>The id the set will have (the first free one at or after the id asked for).</summary>
    SetId Id { get; }

    /// <summary>Where the set will be once committed, for people.</summary>
    string Location { get; }

    /// <summary>
    /// Creates a file of the set for writing. <paramref name="file"/> is a plain name. The file is private to the
    /// store's owner. <see cref="Stream.Flush()"/> makes what was written durable (the caller flushes on a thread it
    /// can afford to block); <see cref="CommitAsync"/> makes sure of it again before the manifest is written.
    /// </summary>
    Task<Stream> CreateFileAsync(string file, CancellationToken cancellationToken);

    /// <summary>Removes a file that will not be part of the set (a dump that failed).</summary>
    Task DeleteFileAsync(string file, CancellationToken cancellationToken);

    /// <summary>Makes every file durable, writes the manifest last, and publishes the set under <see cref="Id"/>.</summary>
    Task CommitAsync(Manifest manifest, CancellationToken cancellationToken);
}
