using Hourglass.Storage;

namespace Hourglass.Web.Metrics;

/// <summary>A good dump of <paramref name="Database"/> in a set of <paramref name="Tier"/> started at <paramref name="At"/>.</summary>
internal sealed record BackupFact(string Database, string Tier, DateTimeOffset At, long Bytes, TimeSpan Duration);

/// <summary>A verification at <paramref name="At"/> of a set holding <paramref name="Database"/>'s dump, passed or not (as the set's verification went, as <c>status</c> counts it).</summary>
internal sealed record VerificationFact(string Database, DateTimeOffset At, bool Passed);

/// <summary>A passed test restore of <paramref name="Database"/>'s dump at <paramref name="At"/> that took <paramref name="Duration"/>: the RTO.</summary>
internal sealed record RestoreFact(string Database, DateTimeOffset At, TimeSpan Duration);

/// <summary>A good copy on <paramref name="Target"/> of <paramref name="Database"/>'s dump in a set started at <paramref name="At"/>.</summary>
internal sealed record CopyFact(string Database, string Target, DateTimeOffset At);

/// <summary>
/// What manifests say, as the facts the metrics hold: the same facts come from an event (a set just committed) and
/// from the sets on disk (the seed after a restart), so both paths set the same values.
/// </summary>
internal static class MetricFacts
{
    /// <summary>Each good dump of a set. Its time is the set's start (the snapshot a restore gets back), as <c>status</c> ages it.</summary>
    public static IEnumerable<BackupFact> Backups(Manifest manifest) =>
        manifest.Databases
            .Where(d => d.Status == DumpStatus.Ok)
            .Select(d => new BackupFact(d.Name, manifest.Tier, manifest.StartedAt, d.Bytes, TimeSpan.FromMilliseconds(d.DurationMs)));

    /// <summary>Each database a verification covered, with the set's result.</summary>
    public static IEnumerable<VerificationFact> Verifications(SetVerification verification) =>
        verification.Files
            .Where(f => f.Database is not null)
            .Select(f => new VerificationFact(f.Database!, verification.At, verification.Status == VerificationStatus.Passed));

    /// <summary>Each dump a verification restored without a problem, with how long that took.</summary>
    public static IEnumerable<RestoreFact> Restores(SetVerification verification) =>
        verification.Restore
            ? verification.Files
                .Where(f => f.Database is not null && f.Problems.Count == 0)
                .Select(f => new RestoreFact(f.Database!, verification.At, TimeSpan.FromMilliseconds(f.DurationMs)))
            : [];

    /// <summary>Each good dump of a set now copied to <paramref name="target"/>.</summary>
    public static IEnumerable<CopyFact> Copies(Manifest manifest, string target) =>
        manifest.Databases
            .Where(d => d.Status == DumpStatus.Ok)
            .Select(d => new CopyFact(d.Name, target, manifest.StartedAt));
}
