using Hourglass.Storage;

namespace Hourglass.Backups;

/// <summary>What to back up: a tier (default: the most frequent one) and some or all of the configured databases.</summary>
public sealed record BackupRequest(string? Tier = null, IReadOnlyList<string>? Databases = null);

/// <summary>A set that was written, and where.</summary>
/// <param name="SetId">The set's id.</param>
/// <param name="Manifest">Its manifest, as committed.</param>
/// <param name="Location">Where the store keeps it, for people.</param>
public sealed record BackupOutcome(SetId SetId, Manifest Manifest, string Location)
{
    /// <summary>True when every database dumped.</summary>
    public bool Complete => Manifest.Status == SetStatus.Complete;
}
