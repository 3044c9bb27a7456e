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

    /// <summary>True when some tier has a seconds field, so ticks must come every second rather than every minute.</summary>
    public bool NeedsSecondTicks => _tiers.Any(t => t.Expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6);

    /// <summary>Inserts the jobs for slots due now. Returns the ids of jobs this tick inserted.</summary>
    public async Task<IReadOnlyList<long>> TickAsync(CancellationToken cancellationToken)
    {
        var now = await ledger.NowAsync(cancellationToken);
        var entries = (await ledger.CronEntriesAsync(cancellationToken)).ToDictionary(e => e.Name, StringComparer.Ordinal);
        var inserted = new List<long>();
        foreach (var tier in _tiers)
        {
            var last = entries.GetValueOrDefault(tier.Name)?.LastSlot;
            var decision = CronSlots.Decide(tier, last, now, options.CatchUp);
            if (decision.Skipped.Count > 0)
            {
                logger.SlotsSkipped(tier.Name, decision.Skipped.Count, decision.Skipped[0], decision.Skipped[^1]);
            }

            if (decision.Run is { } slot)
            {
                var trigger = decision.CaughtUp ? "catch-up" : "cron";
                var result = await ledger.EnqueueAsync(
                    new NewJob(JobKind.Backup, JobJson.Serialize(new BackupArgs(tier.Name)))
                    {
                        CronName = tier.Name,
                        CronSlot = slot,
                        Resources = [.. options.Databases],
                        Meta = JobJson.Serialize(new JobMeta { Trigger = trigger }),
                    },
                    cancellationToken);
                if (result.Inserted)
                {
                    inserted.Add(result.Id);
                    logger.SlotInserted(tier.Name, slot, result.Id, trigger);
                }
            }

            await ledger.SaveCronEntryAsync(new CronEntry(tier.Name, tier.Expression, tier.Zone.Id, decision.LastSlot), cancellationToken);
        }

        return inserted;
    }

    /// <summary>The next slot of <paramref name="tier"/> after <paramref name="now"/>, for superseding retries.</summary>
    public DateTimeOffset? NextSlot(string tier, DateTimeOffset now) => _tiers.FirstOrDefault(t => t.Name == tier)?.NextAfter(now);
}
