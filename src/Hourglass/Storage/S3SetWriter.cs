using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hourglass.Storage;

/// <summary>
/// A set being written to an S3-compatible target: its files go straight to their final keys
/// (<c>{prefix}/{tier}/{set}/{file}</c>), where nothing lists them as a set until <see cref="CommitAsync"/> writes
/// <c>manifest.json</c>, last. While it lives it keeps a marker object in the set (<see cref="S3SetStore.WriterMarker"/>)
/// whose age tells a prune that a writer is at work (<see cref="S3SetStore.ListLeftoversAsync"/>). Disposing it
/// uncommitted aborts its uploads and deletes what it wrote.
/// </summary>
internal sealed class S3SetWriter : ISetWriter
{
    // The ids this process is writing, so two writers here never take the same one (S3 has no atomic "create if
    // absent" that every S3-compatible server keeps); across processes the ledger runs one job per tier and slot.
    private static readonly ConcurrentDictionary<string, byte> Claimed = new(StringComparer.Ordinal);

    private readonly S3Target _bucket;
    private readonly string _setPrefix;
    private readonly string _claim;
    private readonly long _firstPartBytes;
    private readonly List<S3UploadStream> _streams = [];
    private readonly HashSet<string> _deleted = new(StringComparer.Ordinal);
    private bool _committed;
    private bool _released;

    private S3SetWriter(S3Target bucket, SetId id, string setPrefix, string claim, long firstPartBytes)
    {
        _bucket = bucket;
        Id = id;
        _setPrefix = setPrefix;
        _claim = claim;
        _firstPartBytes = firstPartBytes;
    }

    /// <inheritdoc />
    public SetId Id { get; }

    /// <inheritdoc />
    public string Location => $"s3://{_bucket.Name}/{_setPrefix}";

    /// <summary>The files stored so far, with their sizes and SHA-256, for a copy to compare with the manifest before committing.</summary>
    public IReadOnlyList<WrittenFile> Files
    {
        get
        {
            lock (_streams)
            {
                return [.. _streams.Select(s => s.Result).OfType<WrittenFile>().Where(f => !_deleted.Contains(f.Name)).GroupBy(f => f.Name).Select(g => g.Last())];
            }
        }
    }

    /// <summary>
    /// Claims the first id at or after <paramref name="id"/> that has no object at all, and marks it as being written.
    /// </summary>
    public static async Task<S3SetWriter> BeginAsync(S3Target bucket, SetId id, Func<SetId, string> setPrefix, long firstPartBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var prefix = setPrefix(id);
            var claim = $"{bucket.Location.Endpoint}|{bucket.Name}|{prefix}";
            if (Claimed.TryAdd(claim, 0))
            {
                try
                {
                    if (!await bucket.AnyAsync(prefix, cancellationToken))
                    {
                        var writer = new S3SetWriter(bucket, id, prefix, claim, firstPartBytes);
                        await writer.TouchMarkerAsync(cancellationToken);
                        return writer;
                    }
                }
                catch
                {
                    Claimed.TryRemove(claim, out _);
                    throw;
                }

                Claimed.TryRemove(claim, out _);
            }

            id = id.Next();
        }
    }

    /// <inheritdoc />
    /// <remarks>The stream uploads as it is written and completes the upload when disposed; <see cref="Stream.Flush()"/> does nothing.</remarks>
    public async Task<Stream> CreateFileAsync(string file, CancellationToken cancellationToken)
    {
        SetFileName.EnsurePlain(file);
        ObjectDisposedException.ThrowIf(_released, this);

        // Each new file renews the marker, so a set being written shows recent activity even while its files are
        // multipart uploads, which list as no object until they complete.
        await TouchMarkerAsync(cancellationToken);
        var stream = new S3UploadStream(_bucket, file, _setPrefix + file, _firstPartBytes, cancellationToken);
        lock (_streams)
        {
            _streams.Add(stream);
            _deleted.Remove(file);
        }

        return stream;
    }

    /// <inheritdoc />
    public async Task DeleteFileAsync(string file, CancellationToken cancellationToken)
    {
        SetFileName.EnsurePlain(file);
        S3UploadStream[] open;
        lock (_streams)
        {
            open = [.. _streams.Where(s => s.Name == file && !s.IsClosed)];
            _deleted.Add(file);
        }

        // A stream still open on the file would otherwise complete its upload later and bring the file back.
        foreach (var stream in open)
        {
            await stream.AbortAsync($"{file} was deleted from set {Id}");
        }

        await _bucket.CallAsync(t => _bucket.Client.DeleteObjectAsync(_bucket.Name, _setPrefix + file, t), cancellationToken);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Checks first that every file this writer stored is still there with its size (a prune that took this set for
    /// an abandoned one must not end in a manifest naming files that are gone), then writes the manifest, the commit
    /// point, and drops the writer's marker.
    /// </remarks>
    public async Task CommitAsync(Manifest manifest, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_released, this);
        if (manifest.Id != Id.ToString())
        {
            throw new ArgumentException($"the manifest is for {manifest.Id}, not {Id}", nameof(manifest));
        }

        lock (_streams)
        {
            if (_streams.FirstOrDefault(s => !s.IsClosed) is { } open)
            {
                throw new InvalidOperationException($"{open.Name} of {Id} is still being written: dispose its stream before committing");
            }
        }

        var files = Files;
        var stored = new Dictionary<string, long>(StringComparer.Ordinal);
        await foreach (var item in _bucket.ListAsync(_setPrefix, cancellationToken))
        {
            stored[item.Key[_setPrefix.Length..]] = item.Size ?? 0;
        }

        if (files.FirstOrDefault(f => !stored.TryGetValue(f.Name, out var bytes) || bytes != f.Bytes) is { } missing)
        {
            throw Errors.S3Failed(_bucket.Location.Described, $"{missing.Name} of set {Id} is no longer there as it was written (was the set removed as a leftover while it was written?): the set was not committed");
        }

        await _bucket.PutManifestAsync(_setPrefix + Manifest.FileName, manifest, cancellationToken);
        _committed = true;

        try
        {
            await _bucket.CallAsync(t => _bucket.Client.DeleteObjectAsync(_bucket.Name, _setPrefix + S3SetStore.WriterMarker, t), cancellationToken);
        }
        catch (Exception e) when (e is HourglassException or OperationCanceledException)
        {
            _bucket.Logger.S3MarkerLeft(Id.ToString(), _bucket.Location.Location, e.Message);
        }
    }

    /// <summary>Uncommitted, aborts the uploads and deletes what was written; either way, frees the id.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_released)
        {
            return;
        }

        _released = true;
        try
        {
            if (!_committed)
            {
                await RemoveAsync();
            }
        }
        finally
        {
            Claimed.TryRemove(_claim, out _);
        }
    }

    private async Task RemoveAsync()
    {
        S3UploadStream[] streams;
        lock (_streams)
        {
            streams = [.. _streams];
        }

        try
        {
            foreach (var stream in streams)
            {
                await stream.AbortAsync($"set {Id} was not committed");
            }

            // Not a caller's token: disposing runs when the work was cancelled too, and must still clean up. The
            // SDK's timeouts bound it. A manifest here was written by a commit that then failed (a put that timed out
            // after landing); the folder's removal takes it first.
            await _bucket.RemoveFolderAsync(_setPrefix, CancellationToken.None);
        }
        catch (HourglassException e)
        {
            _bucket.Logger.S3CleanupFailed(Id.ToString(), _bucket.Location.Location, e.Message);
        }
    }

    private Task TouchMarkerAsync(CancellationToken cancellationToken) =>
        _bucket.PutAsync(_setPrefix + S3SetStore.WriterMarker, [], 0, cancellationToken);
}
