using Hourglass.Storage;

namespace Hourglass.Retention;

/// <summary>What the planner needs to know about a folder in a tier.</summary>
public enum CandidateKind
{
    /// <summary>A finished set in which every database dumped.</summary>
    Complete,

    /// <summary>A finished set in which some database failed.</summary>
    Partial,

    /// <summary>A set folder without a readable manifest: never deleted automatically.</summary>
    Unreadable,

    /// <summary>A set still being written by a live process.</summary>
    InProgress,

    /// <summary>A set left unfinished by a process that died.</summary>
    Unfinished,

    /// <summary>A set an interrupted prune had started deleting.</summary>
    Deleting,
}

/// <summary>One folder of a tier as the retention planner sees it.</summary>
/// <param name="Id">The set's id; its name gives its age.</param>
/// <param name="Kind">What the folder is.</param>
/// <param name="GoodDatabases">Databases with a good dump in this set.</param>
/// <param name="Note">Why an unreadable set is unreadable.</param>
public sealed record RetentionCandidate(SetId Id, CandidateKind Kind, IReadOnlyCollection<string> GoodDatabases, string? Note = null)
{
    /// <summary>Databases whose dump in this set passed the set's last verification.</summary>
    public IReadOnlyCollection<string> VerifiedDatabases { get; init; } = [];
}
