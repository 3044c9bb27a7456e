using Hourglass.Backups;
using Hourglass.Configuration;

namespace Hourglass.Storage;

/// <summary>A set folder as found on disk, with its manifest when it has a readable one.</summary>
public sealed record StoredSet(SetId Id, string Path, Manifest? Manifest, string? Problem, long Bytes);

/// <summary>What a folder that is not a finished set is.</summary>
public enum LeftoverKind
{
    /// <summary>A <c>.partial</c> folder whose writer still holds its lock.</summary>
    InProgress,

    /// <summary>A <c>.partial</c> folder whose writer died.</summary>
    Unfinished,

    /// <summary>A <c>.deleting</c> folder from a prune that was interrupted.</summary>
    Deleting,
}

/// <summary>A folder in a tier that is not a finished set.</summary>
public sealed record Leftover(SetId Id, string Path, LeftoverKind Kind);

/// <summary>
/// The backup root as a local folder: <c>{root}/{tier}/backup_YYYYMMDD_HHMMSS/</c>. Everything here is read from the
/// files alone, so listing and restoring work without the ledger or a running daemon.
/// </summary>
public sealed class BackupStore(string root, TimeProvider time)
{
    /// <summary>The absolute path of the backup root.</summary>
    public string Root { get; } = root;

    /// <summary>Tier folders present under the root, by name.</summary>
    public IReadOnlyList<string> Tiers() =>
        Directory.Exists(Root)
            ? Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>().Where(TierName.IsValid).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>The finished sets of a tier, newest first.</summary>
    public IReadOnlyList<StoredSet> Sets(string tier)
    {
        var folder = Path.Combine(Root, tier);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return Directory.EnumerateDirectories(folder)
            .Where(path => SetId.IsSetFolderName(Path.GetFileName(path)))
            .Select(path => Read(new SetId(tier, Path.GetFileName(path)), path))
            .OrderByDescending(set => set.Id)
            .ToList();
    }

    /// <summary>Every finished set of every tier (or of <paramref name="tier"/>), newest first.</summary>
    public IReadOnlyList<StoredSet> AllSets(string? tier = null) =>
        (tier is null ? Tiers() : [tier]).SelectMany(Sets).OrderByDescending(s => s.Id).ToList();

    /// <summary>The <c>.partial</c> and <c>.deleting</c> folders of a tier.</summary>
    public IReadOnlyList<Leftover> Leftovers(string tier)
    {
        var folder = Path.Combine(Root, tier);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        var now = time.GetUtcNow();
        var leftovers = new List<Leftover>();
        foreach (var path in Directory.EnumerateDirectories(folder))
        {
            var name = Path.GetFileName(path);
            foreach (var (suffix, isDeleting) in new[] { (SetId.PartialSuffix, false), (SetId.DeletingSuffix, true) })
            {
                if (name.EndsWith(suffix, StringComparison.Ordinal) && SetId.IsSetFolderName(name[..^suffix.Length]))
                {
                    var kind = isDeleting ? LeftoverKind.Deleting : PartialSet.IsAbandoned(path, now) ? LeftoverKind.Unfinished : LeftoverKind.InProgress;
                    leftovers.Add(new Leftover(new SetId(tier, name[..^suffix.Length]), path, kind));
                }
            }
        }

        return leftovers;
    }

    /// <summary>The set with this id, or null.</summary>
    public StoredSet? Find(SetId id)
    {
        var path = Path.Combine(Root, id.Tier, id.Name);
        return Directory.Exists(path) ? Read(id, path) : null;
    }

    /// <summary>
    /// The set a person named: <c>tier/backup_…</c>, or a bare <c>backup_…</c> within <paramref name="tier"/> or, without
    /// one, in whichever single tier has it. Null when there is none.
    /// </summary>
    public StoredSet? Resolve(string text, string? tier)
    {
        if (SetId.TryParse(text, tier) is { } id)
        {
            return Find(id);
        }

        var matches = AllSets().Where(s => s.Id.Name == text).ToList();
        return matches.Count == 1 ? matches[0]
            : matches.Count > 1 ? throw Errors.Usage($"'{text}' exists in tiers {string.Join(", ", matches.Select(m => m.Id.Tier))}: name the tier (--tier T or tier/{text})")
            : null;
    }

    /// <summary>Bytes free on the disk holding the root (or its nearest existing parent).</summary>
    public long FreeBytes()
    {
        var existing = Root;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        return new DriveInfo(existing).AvailableFreeSpace;
    }

    /// <summary>
    /// Deletes a set folder. It is first renamed to <c>.deleting</c> (atomic), so a crash halfway through deleting
    /// never leaves a folder that looks like a finished set but is missing files.
    /// </summary>
    public void Delete(SetId id, string path)
    {
        var target = path;
        if (!path.EndsWith(SetId.DeletingSuffix, StringComparison.Ordinal))
        {
            target = Path.Combine(Root, id.Tier, id.Name + SetId.DeletingSuffix);
            Directory.Move(path, target);
            Posix.FsyncDirectory(Path.Combine(Root, id.Tier));
        }

        Directory.Delete(target, recursive: true);
    }

    private static StoredSet Read(SetId id, string path)
    {
        var manifest = ManifestFile.TryRead(path, out var problem);
        if (manifest is not null && manifest.Id != id.ToString())
        {
            problem = $"its manifest names a different set ({manifest.Id})";
            manifest = null;
        }

        var bytes = Directory.EnumerateFiles(path).Sum(file => new FileInfo(file).Length);
        return new StoredSet(id, path, manifest, problem, bytes);
    }
}
