using Hourglass.Web.State;

namespace Hourglass.Web.Metrics;

/// <summary>
/// Every fact the engine's state holds (the local sets' manifests and verifications, and each target's newest good
/// copies from the status), so the gauges have their values right after a restart, and values from work another node
/// (or a CLI run) did reach this node's metrics too.
/// </summary>
internal sealed record MetricsSeed(
    IReadOnlyList<BackupFact> Backups,
    IReadOnlyList<VerificationFact> Verifications,
    IReadOnlyList<RestoreFact> Restores,
    IReadOnlyList<CopyFact> Copies)
{
    public static MetricsSeed From(Snapshot snapshot)
    {
        var manifests = snapshot.Sets.Select(s => s.Manifest).OfType<Storage.Manifest>().ToList();
        var verifications = manifests.Select(m => m.Verification).OfType<Storage.SetVerification>().ToList();
        return new MetricsSeed(
            [.. manifests.SelectMany(MetricFacts.Backups)],
            [.. verifications.SelectMany(MetricFacts.Verifications)],
            [.. verifications.SelectMany(MetricFacts.Restores)],
            [.. snapshot.Status.Targets.SelectMany(t => t.Databases
                .Where(d => d.NewestGoodAt is not null)
                .Select(d => new CopyFact(d.Name, t.Name, d.NewestGoodAt!.Value)))]);
    }
}
