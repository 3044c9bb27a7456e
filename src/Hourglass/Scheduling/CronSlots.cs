using Hourglass.Configuration;

namespace Hourglass.Scheduling;

/// <summary>What a tick decided for one tier.</summary>
/// <param name="Run">The slot to insert a job for, or null.</param>
/// <param name="Skipped">Slots that were missed and will not run.</param>
/// <param name="LastSlot">What to record as the tier's last slot.</param>
/// <param name="CaughtUp">True when <paramref name="Run"/> is a slot missed while no node was up.</param>
internal sealed record TickDecision(DateTimeOffset? Run, IReadOnlyList<DateTimeOffset> Skipped, DateTimeOffset LastSlot, bool CaughtUp);

/// <summary>
/// Which cron slot a tick should run, as a pure function of the schedule, the last slot recorded in the ledger and the
/// time. A first start records "now" and runs nothing earlier (no backfill). A slot that came due since the last
/// tick runs. After downtime only the most recent missed slot runs (<see cref="CatchUpPolicy.Latest"/>) or none
/// (<see cref="CatchUpPolicy.None"/>), and the rest are reported as skipped.
/// </summary>
internal static class CronSlots
{
    /// <summary>How late a slot may be seen and still count as on time rather than missed: a tick comes every minute.</summary>
    public static readonly TimeSpan OnTime = TimeSpan.FromSeconds(90);

    public static TickDecision Decide(CronSchedule schedule, DateTimeOffset? lastSlot, DateTimeOffset now, CatchUpPolicy catchUp)
    {
        if (lastSlot is null)
        {
            return new TickDecision(null, [], now, CaughtUp: false);
        }

        var due = schedule.Between(lastSlot.Value, now);
        if (due.Count == 0)
        {
            return new TickDecision(null, [], lastSlot.Value, CaughtUp: false);
        }

        var latest = due[^1];
        var onTime = now - latest <= OnTime;
        var run = onTime || catchUp == CatchUpPolicy.Latest ? latest : (DateTimeOffset?)null;
        var skipped = run is null ? due : due.Take(due.Count - 1).ToList();
        return new TickDecision(run, skipped, latest, CaughtUp: run is not null && (!onTime || due.Count > 1));
    }
}
