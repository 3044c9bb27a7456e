namespace Hourglass.Storage;

/// <summary>
/// A set being written into the local root: the folder <c>backup_….partial</c>, locked by the process writing it so
/// a concurrent prune can tell a live write from a crash's leftovers. It becomes a set only through
/// <see cref="CommitAsync"/>: every file fsynced, the manifest last, then the rename. Disposing an uncommitted set
/// deletes it, so nothing half-written survives.
/// </summary>
internal sealed class LocalSetWriter : ISetWriter
{
    /// <summary>The lock file inside a partial folder, held for as long as its writer lives.</summary>
    public const string LockFileName = ".hourglass.lock";

    private readonly FileStream _lock;
    private readonly string _tierFolder;
    private readonly string _folder;
    private bool _committed;

    private LocalSetWriter(SetId id, string tierFolder, string folder, FileStream lockFile)
    {
        Id = id;
        _tierFolder = tierFolder;
        _folder = folder;
        _lock = lockFile;
    }

    /// <inheritdoc />
    public SetId Id { get; }

    /// <inheritdoc />
    public string Location => FinalFolder;

    private string FinalFolder => Path.Combine(_tierFolder, Id.Name);

    /// <summary>Creates the partial folder for the first free id at or after <paramref name="id"/>.</summary>
    public static LocalSetWriter Create(string tierFolder, SetId id)
    {
        PrivateFiles.CreateFolder(tierFolder);
        while (true)
        {
            var final = Path.Combine(tierFolder, id.Name);
            var partial = final + LocalSetStore.PartialSuffix;
            if (!Directory.Exists(final) && !Directory.Exists(partial) && !Directory.Exists(final + LocalSetStore.DeletingSuffix))
            {
                PrivateFiles.CreateFolder(partial);
                try
                {
                    var lockFile = new FileStream(Path.Combine(partial, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return new LocalSetWriter(id, tierFolder, partial, lockFile);
                }
                catch (IOException) when (Directory.Exists(partial))
                {
                    // Another backup of this tier started in the same second and holds this name: take the next one.
                }
            }

            id = id.Next();
        }
    }

    /// <summary>True when no process holds <paramref name="partialFolder"/>'s lock: its writer is gone.</summary>
    public static bool IsAbandoned(string partialFolder, DateTimeOffset now)
    {
        try
        {
            using var probe = new FileStream(Path.Combine(partialFolder, LockFileName), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (FileNotFoundException)
        {
            // A writer creates the lock right after the folder; without one the folder is either that young or abandoned.
            return now - Directory.GetLastWriteTimeUtc(partialFolder) > TimeSpan.FromMinutes(1);
        }
        catch (DirectoryNotFoundException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public Task<Stream> CreateFileAsync(string file, CancellationToken cancellationToken)
    {
        return Task.FromResult<Stream>(PrivateFiles.CreateNew(Path.Combine(_folder, SetFileName.EnsurePlain(file)), durable: true));
    }

    /// <inheritdoc />
    public Task DeleteFileAsync(string file, CancellationToken cancellationToken)
    {
        File.Delete(Path.Combine(_folder, SetFileName.EnsurePlain(file)));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task CommitAsync(Manifest manifest, CancellationToken cancellationToken)
    {
        // Writers flush (fsync) their files as they finish them; this makes sure of it for any that did not, and
        // costs next to nothing for those that did. Every file in the folder, not a list kept while dumps ran in
        // parallel: a file missed here would be committed without being on disk.
        foreach (var path in Directory.EnumerateFiles(_folder).Where(p => Path.GetFileName(p) != LockFileName))
        {
            FsyncFile(path);
        }

        await LocalSetStore.WriteManifestAsync(_folder, manifest, cancellationToken);

        // The lock moves with the folder and is removed only after the rename, so a prune never sees this set unlocked.
        Directory.Move(_folder, FinalFolder);
        _committed = true;
        File.Delete(Path.Combine(FinalFolder, LockFileName));
        Posix.FsyncDirectory(FinalFolder);
        Posix.FsyncDirectory(_tierFolder);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _lock.DisposeAsync();
        if (!_committed && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>Flushes a written file's data to disk: Linux writes back a file's dirty pages through any descriptor of it.</summary>
    private static void FsyncFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
        stream.Flush(flushToDisk: true);
    }
}
