using Hourglass.Health;

namespace Hourglass.Cli.Rendering;

/// <summary>The stable shape of <c>status --json</c>. Add fields; never rename or remove them.</summary>
internal sealed record StatusJson(
    string Now,
    bool Healthy,
    IReadOnlyList<string> Problems,
    IReadOnlyList<StatusTierJson> Tiers,
    IReadOnlyList<StatusDatabaseJson> Databases,
    IReadOnlyList<StatusNodeJson> Nodes,
    long FreeBytes)
{
    public static StatusJson From(StatusReport report) => new(
        JsonOutput.Time(report.Now),
        report.Healthy,
        report.Problems,
        report.Tiers.Select(t => new StatusTierJson(t.Name, t.Cron, Time(t.NextSlot), t.LastJobId, t.LastJobState, Time(t.LastJobAt), t.LastError, t.Sets, t.Bytes)).ToList(),
        report.Databases.Select(d => new StatusDatabaseJson(d.Name, d.NewestGoodSet, Time(d.NewestGoodAt), d.NewestGoodAt is { } at ? (long)(report.Now - at).TotalSeconds : null, (long)d.StaleAfter.TotalSeconds, d.Stale, d.Verification, Time(d.VerifiedAt), d.VerificationStale)).ToList(),
        report.Nodes.Select(n => new StatusNodeJson(n.Id, n.Host, JsonOutput.Time(n.StartedAt), JsonOutput.Time(n.HeartbeatAt), n.Alive, n.Running)).ToList(),
        report.FreeBytes);

    private static string? Time(DateTimeOffset? value) => value is { } v ? JsonOutput.Time(v) : null;
}

internal sealed record StatusTierJson(string Name, string Cron, string? NextSlot, long? LastJobId, string? LastJobState, string? LastJobAt, string? LastError, int Sets, long Bytes);

internal sealed record StatusDatabaseJson(string Name, string? NewestGoodSet, string? NewestGoodAt, long? AgeSeconds, long StaleAfterSeconds, bool Stale, string? Verification, string? VerifiedAt, bool VerificationStale);

internal sealed record StatusNodeJson(string Id, string Host, string StartedAt, string HeartbeatAt, bool Alive, string? Running);
