using Hourglass.Configuration;
using Hourglass.Ledger;
using Microsoft.Extensions.Logging;

namespace Hourglass.Scheduling;

/// <summary>
/// Turns due cron slots into backup jobs. Every node ticks; the ledger's unique (cron_name, cron_slot) index makes
/// the same slot from any number of nodes one job, so no leader is needed. Times come from the ledger's clock.
/// </summary>
public sealed class CronTicker(HourglassOptions options, IJobLedger ledger, ILogger<CronTicker> logger)
{
    private readonly IReadOnlyList<CronTier> _tiers = CronTier.From(options);

    /// <summary>The tier scheduled verification checks: <c>verify.tier</c>, else <c>daily</c>, else the least frequent tier.</summary>
    public static string VerifyTier(HourglassOptions options, DateTimeOffset now)
    {
        var tiers = CronTier.From(options);
        return options.Verify.Tier
            ?? (tiers.Any(t => t.Name == "daily") ? "daily" : tiers.OrderByDescending(t => t.IntervalAfter(now)).First().Name);
    }

    /// <summary>Every schedule a tick looks at: each tier's backups, and verification when it is enabled.</summary>
    private IEnumerable<(CronTier Cron, Func<DateTimeOffset, string, NewJob> Job)> Schedules(DateTimeOffset now)
    {
        foreach (var tier in _tiers)
        {
            yield return (tier, (slot, trigger) => new NewJob(JobKind.Backup, JobJson.Serialize(new BackupArgs(tier.Name)))
            {
                CronName = tier.Name,
                CronSlot = slot,
                Resources = [.. options.Databases],
                Meta = JobJson.Serialize(new JobMeta { Trigger = trigger }),
            });
        }

        if (options.Verify.Enabled)
        {
            // Tier names cannot hold '/', so this cron name never collides with a tier's.
            var tierName = VerifyTier(options, now);
            var cron = new CronTier($"verify/{tierName}", options.Verify.Cron, CronTier.Parse(options.Verify.Cron), _tiers[0].Zone, Keep: 1);
            yield return (cron, (slot, trigger) => new NewJob(JobKind.Verify, JobJson.Serialize(new VerifyArgs(Tier: tierName, Restore: options.Verify.Restore, CompleteOnly: true)))
            {
                CronName = cron.Name,
                CronSlot = slot,
                MaxAttempts = 1,
                Resources = [.. options.Databases],
                Meta = JobJson.Serialize(new JobMeta { Trigger = trigger }),
            });
        }
    }

    /// <summary>True when some schedule has a seconds field, so ticks must come every second rather than every minute.</summary>
    public bool NeedsSecondTicks =>
        _tiers.Select(t => t.Expression).Append(options.Verify.Enabled ? options.Verify.Cron : "")
            .Any(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6);

    /// <summary>Inserts the jobs for slots due now. Returns the ids of jobs this tick inserted.</summary>
    public async Task<IReadOnlyList<long>> TickAsync(CancellationToken cancellationToken)
    {
        var now = await ledger.NowAsync(cancellationToken);
        var entries = (await ledger.CronEntriesAsync(cancellationToken)).ToDictionary(e => e.Name, StringComparer.Ordinal);
        var inserted = new List<long>();
        foreach (var (cron, job) in Schedules(now))
        {
            var last = entries.GetValueOrDefault(cron.Name)?.LastSlot;
            var decision = CronSlots.Decide(cron, last, now, options.CatchUp);
            if (decision.Skipped.Count > 0)
            {
                logger.SlotsSkipped(cron.Name, decision.Skipped.Count, decision.Skipped[0], decision.Skipped[^1]);
            }

            if (decision.Run is { } slot)
            {
                var trigger = decision.CaughtUp ? "catch-up" : "cron";
                var result = await ledger.EnqueueAsync(job(slot, trigger), cancellationToken);
                if (result.Inserted)
                {
                    inserted.Add(result.Id);
                    logger.SlotInserted(cron.Name, slot, result.Id, trigger);
                }
            }

            await ledger.SaveCronEntryAsync(new CronEntry(cron.Name, cron.Expression, cron.Zone.Id, decision.LastSlot), cancellationToken);
        }

        return inserted;
    }

    /// <summary>The next slot of <paramref name="tier"/> after <paramref name="now"/>, for superseding retries.</summary>
    public DateTimeOffset? NextSlot(string tier, DateTimeOffset now) =>
        _tiers.FirstOrDefault(t => t.Name == tier)?.NextAfter(now)
        ?? (tier.StartsWith("verify/", StringComparison.Ordinal) && options.Verify.Enabled ? CronTier.Parse(options.Verify.Cron).GetNextOccurrence(now, _tiers[0].Zone) : null);
}
