namespace Hourglass.Alerts;

/// <summary>
/// The kinds of problem an alert is about, named as the webhook's event types (README "Alerts"); a resolved
/// message's type is the kind plus <see cref="ResolvedSuffix"/>.
/// </summary>
internal static class AlertKinds
{
    /// <summary>A database's dump failed in a tier's newest set, or the tier's newest backup job failed for good.</summary>
    public const string BackupFailed = "backup.failed";

    /// <summary>A tier has no set <c>alerts.grace</c> after its slot.</summary>
    public const string BackupMissed = "backup.missed";

    /// <summary>A database's newest good backup is older than <c>staleAfter</c>.</summary>
    public const string BackupStale = "backup.stale";

    /// <summary>The last verification of a database's dump failed.</summary>
    public const string VerifyFailed = "verify.failed";

    /// <summary>A copy to a target failed for good, or the target cannot be listed.</summary>
    public const string CopyFailed = "copy.failed";

    /// <summary>A database's newest good copy on a target is older than the target's <c>staleAfter</c>.</summary>
    public const string CopyStale = "copy.stale";

    /// <summary>The backup root has less free space than it needs.</summary>
    public const string DiskLow = "disk.low";

    /// <summary>A node in the ledger stopped sending heartbeats.</summary>
    public const string NodeSilent = "node.silent";

    /// <summary>A restore, verify or prune job failed for good.</summary>
    public const string JobDiscarded = "job.discarded";

    /// <summary>The type of the message <c>hourglass alerts test</c> sends.</summary>
    public const string Test = "test";

    /// <summary>Appended to a kind for the message that says its problem cleared.</summary>
    public const string ResolvedSuffix = ".resolved";
}
