namespace Hourglass.Backups;

/// <summary>What to back up: a tier (default: the most frequent one) and some or all of the configured databases.</summary>
public sealed record BackupRequest(string? Tier = null, IReadOnlyList<string>? Databases = null);

/// <summary>A set that was written, and what pruning the tier afterwards did.</summary>
public sealed record BackupOutcome(SetId SetId, string Path, Manifest Manifest, Retention.RetentionPlan? Pruned)
{
    /// <summary>True when every database dumped.</summary>
    public bool Complete => Manifest.Status == SetStatus.Complete;
}
