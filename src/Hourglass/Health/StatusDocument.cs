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
        report.Databases.Select(d => new StatusDatabaseDocument(d.Name, d.NewestGoodSet, Time(d.NewestGoodAt), d.NewestGoodAt is { } at ? (long)(report.Now - at).TotalSeconds : null, (long)d.StaleAfter.TotalSeconds, d.Stale, d.Verification, Time(d.VerifiedAt), d.VerificationStale)).ToList(),
        report.Nodes.Select(n => new StatusNodeDocument(n.Id, n.Host, ManifestFile.FormatTime(n.StartedAt), ManifestFile.FormatTime(n.HeartbeatAt), n.Alive, n.Running)).ToList(),
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

public sealed record StatusDatabaseDocument(string Name, string? NewestGoodSet, string? NewestGoodAt, long? AgeSeconds, long StaleAfterSeconds, bool Stale, string? Verification, string? VerifiedAt, bool VerificationStale);

public sealed record StatusTargetDocument(string Name, string Location, string? Error, IReadOnlyList<StatusCopyDocument> Databases);

public sealed record StatusCopyDocument(string Name, string? NewestGoodSet, string? NewestGoodAt, long? AgeSeconds, long StaleAfterSeconds, bool Stale);

public sealed record StatusNodeDocument(string Id, string Host, string StartedAt, string HeartbeatAt, bool Alive, string? Running);
