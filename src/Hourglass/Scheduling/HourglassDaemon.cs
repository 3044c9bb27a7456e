using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hourglass.Scheduling;

/// <summary>
/// A node: migrates the ledger, then ticks every tier's cron (at start and every minute, or every second when a
/// tier has a seconds field), runs <see cref="SchedulerOptions.Workers"/> workers, rescues expired leases, writes its
/// heartbeat and prunes old jobs; after a new set, it queues copies to the targets (<see cref="CopyScheduler"/>). On shutdown it stops claiming, cancels running work (which kills pg_dump and
/// removes the unfinished set) and gives those jobs back.
/// </summary>
internal sealed class HourglassDaemon(
    HourglassOptions options,
    TierList tiers,
    IJobLedger ledger,
    CronTicker ticker,
    CopyScheduler copies,
    Func<Worker> workers,
    SchedulerOptions scheduler,
    NodeIdentity node,
    EventStream events,
    TimeProvider time,
    ILogger<HourglassDaemon> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await ledger.MigrateAsync(stoppingToken);
        await ledger.HeartbeatAsync(node.Id, node.Host, node.StartedAt, null, stoppingToken);
        logger.NodeStarted(node.Id, JobLedgerFactory.Describe(ledger), scheduler.Workers, string.Join(", ", tiers.Select(t => $"{t.Name} ({t.Schedule.Expression})")));
        var running = Enumerable.Range(0, scheduler.Workers).Select(_ => Task.Run(() => workers().RunAsync(stoppingToken), CancellationToken.None)).ToList();
        try
        {
            await HousekeepAsync(stoppingToken);
        }
        finally
        {
            await Task.WhenAll(running);
            await ledger.RemoveNodeAsync(node.Id, CancellationToken.None);
            logger.NodeStopped(node.Id);
        }
    }

    private async Task HousekeepAsync(CancellationToken stoppingToken)
    {
        var tickEvery = ticker.NeedsSecondTicks ? TimeSpan.FromSeconds(1) : TimeSpan.FromMinutes(1);
        var nextHousekeeping = DateTimeOffset.MinValue;
        var nextLedgerPrune = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Copies first: it takes the "set committed" signal the wait below watches, so a tick that fails later
                // (the ledger away) cannot leave it set and turn the wait into a busy loop.
                await copies.TickAsync(stoppingToken);
                await ticker.TickAsync(stoppingToken);
                var now = time.GetUtcNow();
                if (now >= nextHousekeeping)
                {
                    var rescued = await ledger.RescueExpiredAsync(node.Id, stoppingToken);
                    if (rescued.Count > 0)
                    {
                        logger.JobsRescued(rescued.Count, node.Id);
                    }

                    foreach (var job in rescued)
                    {
                        events.Publish(job.Discarded
                            ? new JobDiscarded(now, job.Id, job.Kind, job.Attempt, job.Error)
                            : new JobRetried(now, job.Id, job.Kind, job.Attempt, job.Error, now));
                    }

                    await ledger.HeartbeatAsync(node.Id, node.Host, node.StartedAt, node.Describe(), stoppingToken);
                    nextHousekeeping = now + scheduler.HousekeepingInterval;
                }

                if (now >= nextLedgerPrune)
                {
                    var pruned = await ledger.PruneAsync(TimeSpan.FromDays(options.Ledger.KeepCompletedDays), TimeSpan.FromDays(options.Ledger.KeepFailedDays), stoppingToken);
                    if (pruned > 0)
                    {
                        logger.LedgerPruned(pruned);
                    }

                    nextLedgerPrune = now + scheduler.LedgerPruneInterval;
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException)
            {
                logger.LedgerUnavailable(e.Message);
            }

            await DelayUntilNextTick(tickEvery, stoppingToken);
        }
    }

    /// <summary>Sleeps to the start of the next minute (or second), so ticks land just after slots, or until a set is committed, so its copies are queued at once.</summary>
    private async Task DelayUntilNextTick(TimeSpan every, CancellationToken stoppingToken)
    {
        var now = time.GetUtcNow();
        var next = new DateTimeOffset(now.Ticks - (now.Ticks % every.Ticks), TimeSpan.Zero) + every + TimeSpan.FromMilliseconds(50);
        using var woken = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            var delay = Task.Delay(next - now, time, woken.Token);
            await Task.WhenAny(delay, copies.SetCommittedAsync);
            await woken.CancelAsync();
            await delay;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
