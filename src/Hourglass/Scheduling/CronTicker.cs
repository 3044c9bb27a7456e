using Hourglass.Configuration;
using Hourglass.Ledger;
using Microsoft.Extensions.Logging;

namespace Hourglass.Scheduling;

/// <summary>
/// Turns due cron slots into backup jobs. Every node ticks; the ledger's unique (cron_name, cron_slot) index makes
/// the same slot from any number of nodes one job, so no leader is needed. Times come from the ledger's clock.
/// </summary>
public sealed class CronTicker
{
    private readonly HourglassOptions _options;
    private readonly IJobLedger _ledger;
    private readonly ILogger<CronTicker> _logger;

    /// <summary>Every schedule a tick looks at: each tier's backups, and verification when it is enabled. Built once.</summary>
    private readonly IReadOnlyList<Schedule> _schedules;

    public CronTicker(HourglassOptions options, IJobLedger ledger, TimeProvider time, ILogger<CronTicker> logger)
    {
        _options = options;
        _ledger = ledger;
        _logger = logger;
        _schedules = BuildSchedules(options, time.GetUtcNow());
    }

    /// <summary>A cron expression and the job each of its slots becomes.</summary>
    private sealed record Schedule(CronTier Cron, Func<DateTimeOffset, string, NewJob> Job);

    /// <summary>The tier scheduled verification checks: <c>verify.tier</c>, else <c>daily</c>, else the least frequent tier.</summary>
    private static string VerifyTier(HourglassOptions options, IReadOnlyList<CronTier> tiers, DateTimeOffset now) =>
        options.Verify.Tier
        ?? (tiers.Any(t => t.Name == "daily") ? "daily" : tiers.OrderByDescending(t => t.IntervalAfter(now)).First().Name);

    private static IReadOnlyList<Schedule> BuildSchedules(HourglassOptions options, DateTimeOffset now)
    {
        var tiers = CronTier.From(options);
        var schedules = tiers.Select(tier => new Schedule(tier, (slot, trigger) => new NewJob(JobKind.Backup, JobJson.Serialize(new BackupArgs(tier.Name)))
        {
            CronName = tier.Name,
            CronSlot = slot,
            Resources = [.. options.Databases],
            Meta = JobJson.Serialize(new JobMeta { Trigger = trigger }),
        })).ToList();

        if (options.Verify.Enabled)
        {
            // Tier names cannot hold '/', so this cron name never collides with a tier's.
            var tierName = VerifyTier(options, tiers, now);
            var cron = new CronTier($"verify/{tierName}", options.Verify.Cron, CronTier.Parse(options.Verify.Cron), tiers[0].Zone, Keep: 1);
            schedules.Add(new Schedule(cron, (slot, trigger) => new NewJob(JobKind.Verify, JobJson.Serialize(new VerifyArgs(Tier: tierName, Restore: options.Verify.Restore, CompleteOnly: true)))
            {
                CronName = cron.Name,
                CronSlot = slot,
                MaxAttempts = 1,
                Resources = [.. options.Databases],
                Meta = JobJson.Serialize(new JobMeta { Trigger = trigger }),
            }));
        }

        return schedules;
    }

    /// <summary>True when some schedule has a seconds field, so ticks must come every second rather than every minute.</summary>
    public bool NeedsSecondTicks =>
        _schedules.Any(s => s.Cron.Expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6);

    /// <summary>Inserts the jobs for slots due now. Returns the ids of jobs this tick inserted.</summary>
    public async Task<IReadOnlyList<long>> TickAsync(CancellationToken cancellationToken)
    {
        var now = await _ledger.NowAsync(cancellationToken);
        var entries = (await _ledger.CronEntriesAsync(cancellationToken)).ToDictionary(e => e.Name, StringComparer.Ordinal);
        var inserted = new List<long>();
        foreach (var (cron, job) in _schedules)
        {
            var last = entries.GetValueOrDefault(cron.Name)?.LastSlot;
            var decision = CronSlots.Decide(cron, last, now, _options.CatchUp);
            if (decision.Skipped.Count > 0)
            {
                _logger.SlotsSkipped(cron.Name, decision.Skipped.Count, decision.Skipped[0], decision.Skipped[^1]);
            }

            if (decision.Run is { } slot)
            {
                var trigger = decision.CaughtUp ? "catch-up" : "cron";
                var result = await _ledger.EnqueueAsync(job(slot, trigger), cancellationToken);
                if (result.Inserted)
                {
                    inserted.Add(result.Id);
                    _logger.SlotInserted(cron.Name, slot, result.Id, trigger);
                }
            }

            await _ledger.SaveCronEntryAsync(new CronEntry(cron.Name, cron.Expression, cron.Zone.Id, decision.LastSlot), cancellationToken);
        }

        return inserted;
    }

    /// <summary>The next slot of the schedule named <paramref name="name"/> (a tier, or <c>verify/…</c>) after <paramref name="now"/>, for superseding retries.</summary>
    public DateTimeOffset? NextSlot(string name, DateTimeOffset now) =>
        _schedules.FirstOrDefault(s => s.Cron.Name == name)?.Cron.NextAfter(now);
}
