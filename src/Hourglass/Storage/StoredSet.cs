namespace Hourglass.Storage;

/// <summary>A finished set as a store found it, with its manifest when that is readable and valid.</summary>
/// <param name="Id">The set's id.</param>
/// <param name="Manifest">Its manifest; null when missing, unreadable or invalid.</param>
/// <param name="Problem">Why <paramref name="Manifest"/> is null.</param>
/// <param name="Bytes">What the set's files take in the store.</param>
/// <param name="Location">Where it is, for people (a folder, or an object prefix).</param>
public sealed record StoredSet(SetId Id, Manifest? Manifest, string? Problem, long Bytes, string Location);

/// <summary>What a place in a tier that is not a finished set is.</summary>
public enum LeftoverKind
{
    /// <summary>A set whose writer is still writing it.</summary>
    InProgress,

    /// <summary>A set whose writer died before committing it.</summary>
    Unfinished,

    /// <summary>A set a delete had started on and did not finish.</summary>
    Deleting,
}

/// <summary>Something in a tier that is not a finished set.</summary>
public sealed record Leftover(SetId Id, LeftoverKind Kind);
