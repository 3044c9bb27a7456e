using Hourglass.Configuration;

namespace Hourglass.Storage;

/// <summary>
/// The backup root as a local folder: <c>{root}/{tier}/backup_YYYYMMDD_HHMMSS/</c>, the one place that knows the
/// folder protocol. A set is written as <c>backup_….partial</c> (locked by its writer), committed by writing the
/// manifest last, fsyncing and renaming; it is deleted through a <c>.deleting</c> rename. Everything is read from the
/// files alone, so listing and restoring work without the ledger or a running daemon. Folders are 0700, files 0600.
/// </summary>
internal sealed class LocalSetStore(string root, TimeProvider time) : ISetStore
{
    /// <inheritdoc />
    /// <remarks>The absolute path of the backup root.</remarks>
    public string Location => root;

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ListTiersAsync(CancellationToken cancellationToken) => Task.FromResult(Tiers());

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredSet>> ListSetsAsync(string? tier, CancellationToken cancellationToken)
    {
        IReadOnlyList<StoredSet> sets = (tier is null ? Tiers() : [tier])
            .Where(TierName.IsValid)
            .SelectMany(each => SetFolders(each, cancellationToken))
            .OrderByDescending(set => set.Id)
            .ToList();
        return Task.FromResult(sets);
    }

    /// <inheritdoc />
    public Task<StoredSet?> FindAsync(SetId id, CancellationToken cancellationToken)
    {
        var folder = FolderOf(id);
        return Task.FromResult(Directory.Exists(folder) ? Read(id, folder) : null);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<Leftover>> ListLeftoversAsync(string tier, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, tier);
        var leftovers = new List<Leftover>();
        if (TierName.IsValid(tier) && Directory.Exists(folder))
        {
            var now = time.GetUtcNow();
            foreach (var path in Directory.EnumerateDirectories(folder))
            {
                var name = Path.GetFileName(path);
                if (Unsuffixed(name, PartialSuffix) is { } partial)
                {
                    leftovers.Add(new Leftover(new SetId(tier, partial), LocalSetWriter.IsAbandoned(path, now) ? LeftoverKind.Unfinished : LeftoverKind.InProgress));
                }
                else if (Unsuffixed(name, DeletingSuffix) is { } deleting)
                {
                    leftovers.Add(new Leftover(new SetId(tier, deleting), LeftoverKind.Deleting));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<Leftover>>(leftovers);
    }

    /// <inheritdoc />
    public Task<Stream?> OpenReadAsync(SetId id, string file, CancellationToken cancellationToken)
    {
        // The root and a tier folder may be links (a tier moved to another disk); a set's folder and files never are.
        var path = Path.Combine(FolderOf(id), SetFileName.EnsurePlain(file));
        if (new[] { FolderOf(id), path }.FirstOrDefault(IsLink) is { } link)
        {
            throw Errors.SymbolicLinkInSet(link);
        }

        try
        {
            return Task.FromResult<Stream?>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return Task.FromResult<Stream?>(null);
        }
    }

    /// <inheritdoc />
    public Task<ISetWriter> BeginAsync(SetId id, CancellationToken cancellationToken) =>
        Task.FromResult<ISetWriter>(LocalSetWriter.Create(Path.Combine(root, EnsureTier(id.Tier)), id));

    /// <inheritdoc />
    public async Task ReplaceManifestAsync(Manifest manifest, CancellationToken cancellationToken)
    {
        var id = SetId.TryParse(manifest.Id, null) ?? throw new ArgumentException($"'{manifest.Id}' is not a set id", nameof(manifest));
        await WriteManifestAsync(FolderOf(id), manifest, cancellationToken);
    }

    /// <inheritdoc />
    public Task DeleteAsync(SetId id, CancellationToken cancellationToken)
    {
        // Renamed first (atomic), so a crash halfway through never leaves a folder that looks like a set but lacks files.
        var deleting = FolderOf(id) + DeletingSuffix;
        Directory.Move(FolderOf(id), deleting);
        Posix.FsyncDirectory(Path.Combine(root, id.Tier));
        Directory.Delete(deleting, recursive: true);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task RemoveLeftoverAsync(Leftover leftover, CancellationToken cancellationToken)
    {
        var folder = FolderOf(leftover.Id) + (leftover.Kind == LeftoverKind.Deleting ? DeletingSuffix : PartialSuffix);
        if (leftover.Kind == LeftoverKind.InProgress)
        {
            throw new InvalidOperationException($"{folder} is being written");
        }

        Directory.Delete(folder, recursive: true);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<long?> FreeBytesAsync(CancellationToken cancellationToken) =>
        Task.FromResult<long?>(new DriveInfo(NearestFolder()).AvailableFreeSpace);

    /// <inheritdoc />
    /// <remarks>In the root, or the folder it will be created in when it does not exist yet.</remarks>
    public Task ProbeAsync(CancellationToken cancellationToken)
    {
        var probe = Path.Combine(NearestFolder(), $".hourglass-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }

            return Task.CompletedTask;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Errors.RootNotWritable(root, e is UnauthorizedAccessException ? "permission denied" : e.Message);
        }
    }

    private string NearestFolder()
    {
        var existing = root;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        return existing;
    }

    /// <summary>The suffix of a set still being written; nothing reads such a folder as a backup.</summary>
    internal const string PartialSuffix = ".partial";

    /// <summary>The suffix of a set being deleted, so a half-deleted set is never read as a backup.</summary>
    internal const string DeletingSuffix = ".deleting";

    /// <summary>Writes the manifest to a temporary file, fsyncs it, and renames it into place, so a reader sees the old or the new one, never half of one.</summary>
    internal static async Task WriteManifestAsync(string folder, Manifest manifest, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, Manifest.FileName);
        var temporary = path + ".tmp";
        await using (var stream = PrivateFiles.CreateNew(temporary, overwrite: true))
        {
            await ManifestFile.WriteAsync(stream, manifest, cancellationToken);
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        Posix.FsyncDirectory(folder);
    }

    private IReadOnlyList<string> Tiers() =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root).Select(Path.GetFileName).OfType<string>().Where(TierName.IsValid).Order(StringComparer.Ordinal).ToList()
            : [];

    private IEnumerable<StoredSet> SetFolders(string tier, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(root, tier);
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateDirectories(folder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (SetId.IsSetName(Path.GetFileName(path)) && Read(new SetId(tier, Path.GetFileName(path)), path) is { } set)
            {
                yield return set;
            }
        }
    }

    /// <summary>True when <paramref name="path"/> is a symbolic link (to anything, or to nothing).</summary>
    private static bool IsLink(string path)
    {
        try
        {
            return (File.GetAttributes(path) & FileAttributes.ReparsePoint) != 0;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return false;
        }
    }

    private string FolderOf(SetId id) => Path.Combine(root, EnsureTier(id.Tier), id.Name);

    private static string EnsureTier(string tier) =>
        TierName.IsValid(tier) ? tier : throw new ArgumentException($"'{tier}' is not a tier name", nameof(tier));

    private static string? Unsuffixed(string name, string suffix) =>
        name.EndsWith(suffix, StringComparison.Ordinal) && SetId.IsSetName(name[..^suffix.Length]) ? name[..^suffix.Length] : null;

    /// <summary>
    /// The set in <paramref name="folder"/>, or null when it went while being read: retention (of this node or another)
    /// renames a set away before deleting it, and such a set is gone, not damaged.
    /// </summary>
    private static StoredSet? Read(SetId id, string folder)
    {
        if (IsLink(folder) || IsLink(Path.Combine(folder, Manifest.FileName)))
        {
            var link = IsLink(folder) ? "the set folder" : Manifest.FileName;
            return new StoredSet(id, null, $"{link} is a symbolic link, which Hourglass never writes into a set, so it is not followed", 0, folder);
        }

        Manifest? manifest;
        string? problem;
        try
        {
            using var stream = File.OpenRead(Path.Combine(folder, Manifest.FileName));
            manifest = ManifestFile.TryRead(stream, id, out problem);
        }
        catch (FileNotFoundException)
        {
            (manifest, problem) = (null, "no manifest.json");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            (manifest, problem) = (null, "unreadable manifest.json: " + e.Message);
        }

        long bytes;
        try
        {
            bytes = Directory.EnumerateFiles(folder).Sum(file => new FileInfo(file) is { Exists: true } info ? info.Length : 0);
        }
        catch (DirectoryNotFoundException)
        {
            return null;
        }

        return manifest is null && !Directory.Exists(folder) ? null : new StoredSet(id, manifest, problem, bytes, folder);
    }
}
