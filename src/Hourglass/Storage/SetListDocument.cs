namespace Hourglass.Storage;

/// <summary>
/// The sets of a store as <c>list --json</c> prints them and the API returns them (documented in the README). Add
/// fields; never rename or remove them.
/// </summary>
public sealed record SetListDocument(string Root, long TotalBytes, long? FreeBytes, IReadOnlyList<TierTotalDocument> Tiers, IReadOnlyList<SetDocument> Sets)
{
    /// <summary>The target listed (<c>list --target NAME</c>); null for the local backup root.</summary>
    public string? Target { get; init; }

    /// <summary>The document for <paramref name="sets"/> of a store at <paramref name="location"/>; with <paramref name="database"/>, only its dumps.</summary>
    public static SetListDocument From(string location, IReadOnlyList<StoredSet> sets, long? freeBytes, string? database)
    {
        var entries = sets.Select(set => SetDocument.From(set, database)).ToList();
        var tiers = sets.GroupBy(s => s.Id.Tier).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new TierTotalDocument(g.Key, g.Count(), g.Sum(s => s.Bytes))).ToList();
        return new SetListDocument(location, sets.Sum(s => s.Bytes), freeBytes, tiers, entries);
    }
}


public sealed record TierTotalDocument(string Name, int Sets, long Bytes);

public sealed record SetDocument(
    string Id,
    string Tier,
    string StartedAt,
    string? FinishedAt,
    string Status,
    long Bytes,
    string Path,
    string? Problem,
    IReadOnlyList<SetDatabaseDocument> Databases,
    SetVerificationDocument? Verification)
{
    /// <summary>One set; with <paramref name="database"/>, only that database's dump.</summary>
    public static SetDocument From(StoredSet set, string? database) => new(
        set.Id.ToString(),
        set.Id.Tier,
        ManifestFile.FormatTime(set.Manifest?.StartedAt ?? set.Id.StartedAt),
        set.Manifest is { } m ? ManifestFile.FormatTime(m.FinishedAt) : null,
        set.Manifest?.Status.ToString().ToLowerInvariant() ?? "unreadable",
        set.Bytes,
        set.Location,
        set.Problem,
        (set.Manifest?.Databases ?? [])
            .Where(d => database is null || d.Name == database)
            .Select(d => new SetDatabaseDocument(d.Name, d.Status.ToString().ToLowerInvariant(), d.File, d.Bytes, d.RawBytes, d.Sha256, d.Error) { Encryption = d.Encryption })
            .ToList(),
        set.Manifest?.Verification is { } v
            ? new SetVerificationDocument(v.Status.ToString().ToLowerInvariant(), ManifestFile.FormatTime(v.At), v.Restore, v.Problems)
            : null);
}

/// <summary>The last verification of a set, in short.</summary>
public sealed record SetVerificationDocument(string Status, string At, bool Restore, IReadOnlyList<string> Problems);

public sealed record SetDatabaseDocument(string Name, string Status, string File, long Bytes, long RawBytes, string? Sha256, string? Error)
{
    /// <summary><c>age</c> when the file is stored encrypted; null when not.</summary>
    public string? Encryption { get; init; }
}
