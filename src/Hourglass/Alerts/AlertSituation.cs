using Hourglass.Configuration;
using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Storage;

namespace Hourglass.Alerts;

/// <summary>Everything <see cref="ProblemFinder"/> looks at, read once per evaluation.</summary>
/// <param name="Status">The status report (what <c>hourglass status</c> shows).</param>
/// <param name="Sets">The local root's sets, newest first.</param>
/// <param name="Jobs">
/// The jobs the job-based rules read: each group's newest finished job when it was discarded, however old
/// (<see cref="Ledger.IJobLedger.DiscardedLastInGroupAsync"/>). The rules take the newest finished job of each group
/// themselves, so more jobs of a group (newer ones still queued or running, older ones) change nothing.
/// </param>
/// <param name="JobErrors">The last error of each discarded job among <paramref name="Jobs"/>.</param>
/// <param name="CronEntries">The schedules the ledger knows: a tier without one has never been scheduled.</param>
/// <param name="Tiers">The tiers in force, with their cron slots.</param>
/// <param name="Options">Grace and the disk threshold.</param>
internal sealed record AlertSituation(
    StatusReport Status,
    IReadOnlyList<StoredSet> Sets,
    IReadOnlyList<Job> Jobs,
    IReadOnlyDictionary<long, string> JobErrors,
    IReadOnlyList<CronEntry> CronEntries,
    TierList Tiers,
    AlertOptions Options)
{
    /// <summary>The evaluation's time (the ledger's clock, as the status read it).</summary>
    public DateTimeOffset Now => Status.Now;

    /// <summary>
    /// Since when the schedule has been running: the start of the oldest node the ledger knows. Slots before it and
    /// "no backup yet" before a whole <c>staleAfter</c> has passed are not problems, so a fresh install is quiet.
    /// Null when no node ever ran.
    /// </summary>
    public DateTimeOffset? ScheduleSince => Status.Nodes.Count == 0 ? null : Status.Nodes.Min(n => n.StartedAt);
}
