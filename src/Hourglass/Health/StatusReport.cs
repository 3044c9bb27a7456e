namespace Hourglass.Health;

/// <summary>Everything <c>hourglass status</c> shows, and the problems that make it exit 1.</summary>
public sealed record StatusReport(
    DateTimeOffset Now,
    IReadOnlyList<TierStatus> Tiers,
    IReadOnlyList<DatabaseStatus> Databases,
    IReadOnlyList<NodeStatus> Nodes,
    long FreeBytes,
    IReadOnlyList<string> Problems)
{
    public bool Healthy => Problems.Count == 0;
}

/// <summary>A tier: when it runs next, how its last job went, and what it holds on disk.</summary>
public sealed record TierStatus(string Name, string Cron, DateTimeOffset? NextSlot, long? LastJobId, string? LastJobState, DateTimeOffset? LastJobAt, string? LastError, int Sets, long Bytes);

/// <summary>A database's newest good backup and whether it is too old.</summary>
public sealed record DatabaseStatus(string Name, string? NewestGoodSet, DateTimeOffset? NewestGoodAt, TimeSpan StaleAfter, bool Stale);

/// <summary>A node and whether its heartbeat is recent.</summary>
public sealed record NodeStatus(string Id, string Host, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, bool Alive, string? Running);
