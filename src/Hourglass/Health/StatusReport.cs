namespace Hourglass.Health;

/// <summary>Everything <c>hourglass status</c> shows, and the problems that make it exit 1.</summary>
public sealed record StatusReport(
    DateTimeOffset Now,
    IReadOnlyList<TierStatus> Tiers,
    IReadOnlyList<DatabaseStatus> Databases,
    IReadOnlyList<NodeStatus> Nodes,
    long? FreeBytes,
    IReadOnlyList<string> Problems)
{
    /// <summary>Each target's newest copies; empty when no targets are configured.</summary>
    public IReadOnlyList<TargetStatus> Targets { get; init; } = [];

    /// <summary>The databases one of <see cref="Problems"/> is about (stale, failed or unverified backups, stale copies): the dashboard's red rows.</summary>
    public IReadOnlySet<string> FailingDatabases { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    public bool Healthy => Problems.Count == 0;
}

/// <summary>A tier: when it runs next, how its last job went, and what it holds on disk.</summary>
public sealed record TierStatus(string Name, string Cron, DateTimeOffset? NextSlot, long? LastJobId, string? LastJobState, DateTimeOffset? LastJobAt, string? LastError, int Sets, long Bytes);

/// <summary>A database's newest good backup and whether it is too old, and its last verification.</summary>
/// <param name="Name">The database.</param>
/// <param name="NewestGoodSet">The newest set holding a good dump of it.</param>
/// <param name="NewestGoodAt">When that set was started.</param>
/// <param name="StaleAfter">How old it may be.</param>
/// <param name="Stale">True when it is older than that, or there is none.</param>
/// <param name="Verification">The last verification of one of its dumps: <c>passed</c>, <c>failed</c>, or null when never verified.</param>
/// <param name="VerifiedAt">When that verification ran.</param>
/// <param name="VerificationStale">True when no verification passed within <c>verifyStaleAfter</c>.</param>
/// <param name="ProvenAt">When a test restore of one of its dumps last passed: the backup is proven by restore, not only by checksums.</param>
/// <param name="RestoreDuration">How long that test restore took: the last measured restore time (RTO).</param>
public sealed record DatabaseStatus(
    string Name,
    string? NewestGoodSet,
    DateTimeOffset? NewestGoodAt,
    TimeSpan StaleAfter,
    bool Stale,
    string? Verification = null,
    DateTimeOffset? VerifiedAt = null,
    bool VerificationStale = true,
    DateTimeOffset? ProvenAt = null,
    TimeSpan? RestoreDuration = null)
{
    /// <summary>How the newest passed verification checked it: <c>restore</c> (a test restore), <c>checksums</c> (checksums only), or null when none passed.</summary>
    public string? Proof { get; init; }
}

/// <summary>A target: where it is, each database's newest good copy there, or why it could not be listed.</summary>
public sealed record TargetStatus(string Name, string Location, IReadOnlyList<CopyStatus> Databases, string? Error);

/// <summary>A database's newest good copy on a target and whether it is too old (older than the target's <c>staleAfter</c>).</summary>
public sealed record CopyStatus(string Name, string? NewestGoodSet, DateTimeOffset? NewestGoodAt, TimeSpan StaleAfter, bool Stale);

/// <summary>A node and whether its heartbeat is recent.</summary>
public sealed record NodeStatus(string Id, string Host, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Alive, string? Running)
{
    /// <summary>A node as the ledger knows it, alive when its last heartbeat is younger than <see cref="StatusReporter.NodeTimeout"/> at <paramref name="now"/> (the ledger's clock).</summary>
    public static NodeStatus From(Ledger.NodeInfo node, DateTimeOffset now) =>
        new(node.Id, node.Host, node.StartedAt, node.HeartbeatAt, now - node.HeartbeatAt < StatusReporter.NodeTimeout, node.Running);
}
