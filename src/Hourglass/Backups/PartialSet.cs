using Hourglass.Storage;

namespace Hourglass.Backups;

/// <summary>
/// A set being written: the folder <c>backup_….partial</c>, locked by the process writing it so a concurrent prune
/// can tell a live write from a crash's leftovers. It becomes a backup only through <see cref="CommitAsync"/>:
/// manifest last, fsync, rename. Disposing an uncommitted set deletes it, so nothing half-written survives.
/// </summary>
internal sealed class PartialSet : IAsyncDisposable
{
    /// <summary>The lock file inside a partial folder, held (flock) for as long as its writer lives.</summary>
    public const string LockFileName = ".hourglass.lock";

    private readonly FileStream _lock;
    private bool _committed;

    private PartialSet(SetId id, string tierFolder, string path, FileStream lockFile)
    {
        Id = id;
        TierFolder = tierFolder;
        Path = path;
        _lock = lockFile;
    }

    public SetId Id { get; }

    /// <summary>The folder being written.</summary>
    public string Path { get; }

    private string TierFolder { get; }

    /// <summary>The folder the set will have once committed.</summary>
    public string FinalPath => System.IO.Path.Combine(TierFolder, Id.Name);

    /// <summary>Creates the partial folder for the first free id at or after <paramref name="id"/>.</summary>
    public static PartialSet Create(string root, SetId id)
    {
        var tierFolder = System.IO.Path.Combine(root, id.Tier);
        PrivateFiles.CreateFolder(tierFolder);
        while (true)
        {
            var final = System.IO.Path.Combine(tierFolder, id.Name);
            var partial = final + SetId.PartialSuffix;
            if (!Directory.Exists(final) && !Directory.Exists(partial) && !Directory.Exists(final + SetId.DeletingSuffix))
            {
                PrivateFiles.CreateFolder(partial);
                try
                {
                    var lockFile = new FileStream(System.IO.Path.Combine(partial, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                    return new PartialSet(id, tierFolder, partial, lockFile);
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
            using var probe = new FileStream(System.IO.Path.Combine(partialFolder, LockFileName), FileMode.Open, FileAccess.ReadWrite, FileShare.None);
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

    /// <summary>Writes the manifest, makes everything durable, and renames the folder to its final name.</summary>
    public async Task CommitAsync(Manifest manifest, CancellationToken cancellationToken)
    {
        await ManifestFile.WriteAsync(Path, manifest, cancellationToken);

        // The lock moves with the folder and is removed only after the rename, so a prune never sees this set unlocked.
        Directory.Move(Path, FinalPath);
        _committed = true;
        File.Delete(System.IO.Path.Combine(FinalPath, LockFileName));
        Posix.FsyncDirectory(FinalPath);
        Posix.FsyncDirectory(TierFolder);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _lock.DisposeAsync();
        if (!_committed && Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
