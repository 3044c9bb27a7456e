using Hourglass.Ledger;

namespace Hourglass.Alerts;

/// <summary>
/// Holds back what one failed listing of a target would otherwise send: a transient S3 error, or a node that cannot
/// reach a target the others can, opens a <c>copy.failed</c> alert and the next evaluation resolves it, a pair of
/// messages about nothing (and, between two such nodes, a pair every round). A problem that needs confirmation
/// (<see cref="Problem.NeedsConfirmation"/>) opens only once every evaluation has seen it for <see cref="Span"/>, and
/// an open <c>copy.failed</c> alert resolves only once every evaluation has found it gone for as long. Every other
/// problem opens and clears at once. The counts live in this node's memory: a restart starts them again.
/// </summary>
internal sealed class ProblemConfirmation
{
    /// <summary>
    /// How long a problem must be seen (or gone) on every evaluation: half the monitor's interval, so two evaluations
    /// in a row, but not two that a burst of events started within a second of each other.
    /// </summary>
    public static readonly TimeSpan Span = AlertMonitor.Interval / 2;

    private readonly Dictionary<string, DateTimeOffset> _seenSince = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _goneSince = new(StringComparer.Ordinal);

    /// <summary>
    /// One evaluation at <paramref name="now"/>: the <paramref name="problems"/> to act on (those still waiting for
    /// confirmation left out), and the keys of <paramref name="open"/> alerts whose problem is gone but not yet for
    /// long enough to resolve them.
    /// </summary>
    public (IReadOnlyList<Problem> Confirmed, IReadOnlySet<string> Held) Apply(IReadOnlyList<Problem> problems, IReadOnlyList<AlertRecord> open, DateTimeOffset now)
    {
        var openKeys = open.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
        var current = problems.Select(p => p.Key).ToHashSet(StringComparer.Ordinal);
        var confirmed = problems.Where(p => !p.NeedsConfirmation || openKeys.Contains(p.Key) || Lasted(_seenSince, p.Key, now)).ToList();
        Forget(_seenSince, problems.Where(p => p.NeedsConfirmation).Select(p => p.Key));

        var gone = open.Where(a => a.Kind == AlertKinds.CopyFailed && !current.Contains(a.Key)).Select(a => a.Key).ToList();
        var held = gone.Where(key => !Lasted(_goneSince, key, now)).ToHashSet(StringComparer.Ordinal);
        Forget(_goneSince, gone);
        return (confirmed, held);
    }

    /// <summary>Notes <paramref name="key"/> as seen at <paramref name="now"/> if it is new; true once it has been for <see cref="Span"/>.</summary>
    private static bool Lasted(Dictionary<string, DateTimeOffset> since, string key, DateTimeOffset now) =>
        now - (since.TryAdd(key, now) ? now : since[key]) >= Span;

    /// <summary>Drops every key but <paramref name="keep"/>: a streak ends on the first evaluation that breaks it.</summary>
    private static void Forget(Dictionary<string, DateTimeOffset> since, IEnumerable<string> keep)
    {
        var kept = keep.ToHashSet(StringComparer.Ordinal);
        foreach (var key in since.Keys.Where(k => !kept.Contains(k)).ToList())
        {
            since.Remove(key);
        }
    }
}
