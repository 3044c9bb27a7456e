using System.Collections.Concurrent;

namespace Hourglass.Ledger;

/// <summary>
/// This process as a node: a per-process id, the lease owner of every job and alert delivery it claims (host, pid and a random part, so two daemons on one host, or a restart
/// reusing a pid, never share a lease owner) and the jobs it is running, for heartbeats and status.
/// </summary>
internal sealed class NodeIdentity
{
    public NodeIdentity(TimeProvider time)
    {
        Id = $"{Host}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
        StartedAt = time.GetUtcNow();
    }

    public string Id { get; }

    public string Host { get; } = Environment.MachineName;

    public DateTimeOffset StartedAt { get; }

    /// <summary>Jobs running on this node, by id.</summary>
    public ConcurrentDictionary<long, string> Running { get; } = new();

    /// <summary>What the node runs, for its heartbeat: null when idle.</summary>
    public string? Describe() => Running.IsEmpty ? null : string.Join(", ", Running.Values.Order(StringComparer.Ordinal));
}
