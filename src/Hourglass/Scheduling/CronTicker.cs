using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Ledger;
using Microsoft.Extensions.Logging;

namespace Hourglass.Scheduling;

/// <summary>
/// Turns due cron slots into jobs. Every node ticks; the ledger's unique (cron_name, cron_slot) index makes the same
/// slot from any number of nodes one job, so no leader is needed. Times come from the ledger's clock.
/// </summary>
internal sealed class CronTicker
{
    private readonly HourglassOptions _options;
    private readonly IJobLedger _ledger;
    private readonly EventStream _events;
    private readonly TimeProvider _time;
    private readonly ILogger<CronTicker> _logger;

    /// <summary>Every schedule a tick looks at: each tier's backups, and verification when it is enabled. Built once.</summary>
    private readonly IReadOnlyList<Schedule> _schedules;

    public CronTicker(HourglassOptions options, TierList tiers, JobFactory jobs, IJobLedger ledger, EventStream events, TimeProvider time, ILogger<CronTicker> logger)
    {
        _options = options;
        _ledger = ledger;
        _events = events;
        _time = time;
        _logger = logger;
        _schedules = BuildSchedules(options, tiers, jobs, time.GetUtcNow());
    }

    /// <summary>A named cron schedule and the job each of its slots becomes.</summary>
    private sealed record Schedule(string Name, CronSchedule Cron, Func<CronSlot, NewJob> Job);

    private static IReadOnlyList<Schedule> BuildSchedules(HourglassOptions options, TierList tiers, JobFactory jobs, DateTimeOffset now)
    {
        var schedules = tiers
            .Select(tier => new Schedule(tier.Name, tier.Schedule, slot => jobs.Backup(tier.Name, null, slot.At, slot)))
            .ToList();
        if (options.Verify.Enabled)
        {
            // verify.tier, else daily, else the least frequent tier.
            var tier = options.Verify.Tier ?? (tiers.Any(t => t.Name == "daily") ? "daily" : tiers.LeastFrequent(now).Name);
            var cron = CronSchedule.Parse(options.Verify.Cron, tiers[0].Schedule.Zone);
            schedules.Add(new Schedule(JobFactory.VerifyCronName(tier), cron, slot => jobs.ScheduledVerify(tier, slot)));
        }

        return schedules;
    }

    /// <summary>True when some schedule has a seconds field, so ticks must come every second rather than every minute.</summary>
    public bool NeedsSecondTicks => _schedules.Any(s => s.Cron.HasSeconds);

    /// <summary>Inserts the jobs for slots due now. Returns the ids of jobs this tick inserted.</summary>
    public async Task<IReadOnlyList<long>> TickAsync(CancellationToken cancellationToken)
    {
        var now = await _ledger.NowAsync(cancellationToken);
        var entries = (await _ledger.CronEntriesAsync(cancellationToken)).ToDictionary(e => e.Name, StringComparer.Ordinal);
        var inserted = new List<long>();
        foreach (var (name, cron, job) in _schedules)
        {
            var last = entries.GetValueOrDefault(name)?.LastSlot;
            var decision = CronSlots.Decide(cron, last, now, _options.CatchUp);
            if (decision.Skipped.Count > 0)
            {
                _logger.SlotsSkipped(name, decision.Skipped.Count, decision.Skipped[0], decision.Skipped[^1]);
                _events.Publish(new SlotsMissed(_time.GetUtcNow(), name, decision.Skipped.Count, decision.Skipped[0], decision.Skipped[^1]));
            }

            if (decision.Run is { } at)
            {
                var slot = new CronSlot(name, at, decision.CaughtUp);
                var result = await _ledger.EnqueueAsync(job(slot), cancellationToken);
                if (result.Inserted)
                {
                    inserted.Add(result.Id);
                    _logger.SlotInserted(name, at, result.Id, slot.Trigger);
                }
            }

            await _ledger.SaveCronEntryAsync(new CronEntry(name, cron.Expression, cron.Zone.Id, decision.LastSlot), cancellationToken);
        }

        return inserted;
    }

    /// <summary>The next slot of the schedule named <paramref name="name"/> (a tier, or <c>verify/…</c>) after <paramref name="now"/>, for superseding retries.</summary>
    public DateTimeOffset? NextSlot(string name, DateTimeOffset now) =>
        _schedules.FirstOrDefault(s => s.Name == name)?.Cron.NextAfter(now);
}
