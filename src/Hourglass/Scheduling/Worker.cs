using System.Diagnostics;
using Hourglass.Events;
using Hourglass.Ledger;
using Hourglass.Storage;
using Microsoft.Extensions.Logging;

namespace Hourglass.Scheduling;

/// <summary>
/// Claims jobs one at a time and runs them while renewing their lease. A renewal that finds the lease gone stops the
/// work at once (pg_dump is killed, nothing is written, nothing is recorded: the job belongs to someone else now);
/// a cancel request stops it and records it cancelled; shutdown stops it and gives the job back without using an attempt.
/// </summary>
internal sealed class Worker(
    IJobLedger ledger,
    JobRunner runner,
    CronTicker ticker,
    SchedulerOptions scheduler,
    NodeIdentity node,
    EventStream events,
    TimeProvider time,
    ILogger<Worker> logger)
{
    /// <summary>Runs until <paramref name="stopping"/> is cancelled, then returns once the current job is given back.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            Job? job;
            try
            {
                job = await ledger.ClaimAsync(node.Id, scheduler.Lease, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException)
            {
                logger.LedgerUnavailable(e.Message);
                job = null;
            }

            if (job is null)
            {
                await Delay(scheduler.PollInterval, stopping);
                continue;
            }

            try
            {
                await RunJobAsync(job, stopping);
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException)
            {
                // The outcome could not be recorded. The lease runs out and the job is rescued and run again;
                // this worker carries on with the next one.
                logger.LedgerUnavailable(e.Message);
            }
        }
    }

    private async Task RunJobAsync(Job job, CancellationToken stopping)
    {
        node.Running[job.Id] = $"{job.Kind.ToString().ToLowerInvariant()} job {job.Id}";
        using var work = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var lease = new LeaseKeeper(ledger, job, node.Id, scheduler, time, work);
        lease.Start();
        var stopwatch = Stopwatch.StartNew();
        var trigger = JobJson.Deserialize<JobMeta>(job.Meta) with { Node = node.Id };
        logger.JobStarted(job.Id, Name(job.Kind), job.Attempt, job.MaxAttempts, job.Args, trigger.Trigger);
        events.Publish(new JobStarted(time.GetUtcNow(), job.Id, job.Kind, job.Attempt, node.Id) { Tier = TierOf(job) });
        try
        {
            var meta = await runner.RunAsync(job, trigger, work.Token);
            await lease.StopAsync();
            if (await ledger.CompleteAsync(job.Id, node.Id, job.Attempt, JobJson.Serialize(meta), CancellationToken.None))
            {
                logger.JobCompleted(job.Id, Name(job.Kind), stopwatch.ElapsedMilliseconds, meta.SetId, meta.Summary ?? meta.Status);
                events.Publish(new JobCompleted(time.GetUtcNow(), job.Id, job.Kind, stopwatch.Elapsed, meta.Summary ?? meta.Status) { Tier = TierOf(job) });
            }
            else
            {
                logger.LeaseLost(job.Id, Name(job.Kind));
            }
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested)
        {
            await lease.StopAsync();
            await EndStoppedJobAsync(job, lease.Status);
        }
        catch (Exception e)
        {
            await lease.StopAsync();
            // A failure the data is to blame for (a verification that found problems, a dump that does not load) comes
            // out the same on every attempt: it is final. Anything else (a server down, a tool missing) is retried.
            await FailAsync(job, e is HourglassException ? e.Message : $"{e.GetType().Name}: {e.Message}", final: e is HourglassException { IsDataFault: true });
        }
        finally
        {
            node.Running.TryRemove(job.Id, out _);
        }
    }

    private async Task EndStoppedJobAsync(Job job, LeaseStatus status)
    {
        switch (status)
        {
            case LeaseStatus.Lost:
                logger.LeaseLost(job.Id, Name(job.Kind));
                break;
            case LeaseStatus.CancelRequested:
                await ledger.AcknowledgeCancelAsync(job.Id, node.Id, job.Attempt, CancellationToken.None);
                logger.JobCancelled(job.Id, Name(job.Kind));
                break;
            default:
                await ledger.ReleaseAsync(job.Id, node.Id, job.Attempt, CancellationToken.None);
                logger.JobReleased(job.Id, Name(job.Kind));
                break;
        }
    }

    private async Task FailAsync(Job job, string error, bool final)
    {
        var now = await ledger.NowAsync(CancellationToken.None);
        TimeSpan? retryAfter = final ? null : Backoff.Delay(job.Attempt, Random.Shared.NextDouble());
        if (retryAfter is { } delay && job.CronName is { } tier && Backoff.IsSuperseded(now + delay, ticker.NextSlot(tier, now)))
        {
            retryAfter = null;
            error += " (not retried: the tier's next slot comes first)";
        }

        if (!await ledger.FailAsync(job.Id, node.Id, job.Attempt, node.Id, error, retryAfter, CancellationToken.None))
        {
            // The lease was lost meanwhile: the job is another node's now, and so is saying what became of it.
            logger.LeaseLost(job.Id, Name(job.Kind));
            return;
        }

        var retrying = retryAfter is not null && job.Attempt < job.MaxAttempts;
        if (retrying)
        {
            logger.JobFailed(job.Id, Name(job.Kind), job.Attempt, job.MaxAttempts, error, now + retryAfter!.Value);
            events.Publish(new JobRetried(time.GetUtcNow(), job.Id, job.Kind, job.Attempt, error, now + retryAfter.Value) { Tier = TierOf(job) });
        }
        else
        {
            logger.JobDiscarded(job.Id, Name(job.Kind), job.Attempt, job.MaxAttempts, error);
            events.Publish(new JobDiscarded(time.GetUtcNow(), job.Id, job.Kind, job.Attempt, error) { Tier = TierOf(job) });
        }
    }

    private static string Name(JobKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>A backup job's tier, for the events that subscribers (the dead man's switch) tell apart per tier.</summary>
    private static string? TierOf(Job job) => job.Kind == JobKind.Backup ? JobJson.Deserialize<BackupArgs>(job.Args).Tier : null;

    private async Task Delay(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
