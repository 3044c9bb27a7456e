using Hourglass.Storage;

namespace Hourglass.Health;

/// <summary>The status as <c>status --json</c> prints it and the API returns it. Add fields; never rename or remove them.</summary>
public sealed record StatusDocument(
    string Now,
    bool Healthy,
    IReadOnlyList<string> Problems,
    IReadOnlyList<StatusTierDocument> Tiers,
    IReadOnlyList<StatusDatabaseDocument> Databases,
    IReadOnlyList<StatusNodeDocument> Nodes,
    long? FreeBytes)
{
    /// <summary>Per target: each database's newest good copy and whether it is stale, or why the target could not be listed.</summary>
    public IReadOnlyList<StatusTargetDocument> Targets { get; init; } = [];

    public static StatusDocument From(StatusReport report) => new(
        ManifestFile.FormatTime(report.Now),
        report.Healthy,
        report.Problems,
        report.Tiers.Select(t => new StatusTierDocument(t.Name, t.Cron, Time(t.NextSlot), t.LastJobId, t.LastJobState, Time(t.LastJobAt), t.LastError, t.Sets, t.Bytes)).ToList(),
        report.Databases.Select(d => new StatusDatabaseDocument(d.Name, d.NewestGoodSet, Time(d.NewestGoodAt), d.NewestGoodAt is { } at ? (long)(report.Now - at).TotalSeconds : null, (long)d.StaleAfter.TotalSeconds, d.Stale, d.Verification, Time(d.VerifiedAt), d.VerificationStale, d.Proof, Time(d.ProvenAt), d.RestoreDuration is { } r ? Math.Round(r.TotalSeconds, 3) : null)).ToList(),
        report.Nodes.Select(StatusNodeDocument.From).ToList(),
        report.FreeBytes)
    {
        Targets = report.Targets.Select(t => new StatusTargetDocument(
            t.Name,
            t.Location,
            t.Error,
            t.Databases.Select(d => new StatusCopyDocument(d.Name, d.NewestGoodSet, Time(d.NewestGoodAt), d.NewestGoodAt is { } at ? (long)(report.Now - at).TotalSeconds : null, (long)d.StaleAfter.TotalSeconds, d.Stale)).ToList())).ToList(),
    };

    private static string? Time(DateTimeOffset? value) => value is { } v ? ManifestFile.FormatTime(v) : null;
}

public sealed record StatusTierDocument(string Name, string Cron, string? NextSlot, long? LastJobId, string? LastJobState, string? LastJobAt, string? LastError, int Sets, long Bytes);

/// <summary>A database in <c>status --json</c>: its newest good backup, its age, and how it was last proven.</summary>
/// <param name="Name">The database.</param>
/// <param name="NewestGoodSet">The newest set with a good dump of it.</param>
/// <param name="NewestGoodAt">When that set started.</param>
/// <param name="AgeSeconds">How old that is: the recovery point (RPO).</param>
/// <param name="StaleAfterSeconds">How old it may be.</param>
/// <param name="Stale">True when older than that, or none.</param>
/// <param name="Verification">The last verification: <c>passed</c>, <c>failed</c> or null.</param>
/// <param name="VerifiedAt">When it ran.</param>
/// <param name="VerificationStale">True when none passed within <c>verifyStaleAfter</c>.</param>
/// <param name="Proof"><c>restore</c> when the newest passed verification test-restored the dump, <c>checksums</c> when it checked checksums only, null when none passed.</param>
/// <param name="ProvenByRestoreAt">When a test restore of its dump last passed.</param>
/// <param name="RestoreSeconds">How long that test restore took: the last measured restore time (RTO).</param>
public sealed record StatusDatabaseDocument(string Name, string? NewestGoodSet, string? NewestGoodAt, long? AgeSeconds, long StaleAfterSeconds, bool Stale, string? Verification, string? VerifiedAt, bool VerificationStale, string? Proof, string? ProvenByRestoreAt, double? RestoreSeconds);

public sealed record StatusTargetDocument(string Name, string Location, string? Error, IReadOnlyList<StatusCopyDocument> Databases);

public sealed record StatusCopyDocument(string Name, string? NewestGoodSet, string? NewestGoodAt, long? AgeSeconds, long StaleAfterSeconds, bool Stale);

/// <summary>A node in <c>status --json</c> and the API's <c>/api/v1/nodes</c>: its heartbeat and what it runs.</summary>
public sealed record StatusNodeDocument(string Id, string Host, string StartedAt, string HeartbeatAt, bool Alive, string? Running)
{
    /// <summary>The document for <paramref name="node"/>.</summary>
    public static StatusNodeDocument From(NodeStatus node) =>
        new(node.Id, node.Host, ManifestFile.FormatTime(node.StartedAt), ManifestFile.FormatTime(node.HeartbeatAt), node.Alive, node.Running);
}
