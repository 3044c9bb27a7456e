using Hourglass.Ledger;

namespace Hourglass.Scheduling;

/// <summary>
/// Renews one job's lease every <see cref="SchedulerOptions.RenewEvery"/> of <paramref name="time"/> while it runs, and
/// cancels the work when a renewal finds the lease lost or a cancel requested. A long backup is never rescued merely
/// for being long.
/// The renewals run on a thread of their own and wait on it, so the job's own work, however much of the thread pool
/// it occupies, cannot hold a renewal back: with the SQLite ledger a renewal needs no pool thread but the timer's
/// tick, with PostgreSQL also its socket completions.
/// </summary>
internal sealed class LeaseKeeper(IJobLedger ledger, Job job, string owner, SchedulerOptions scheduler, TimeProvider time, CancellationTokenSource work)
{
    private readonly CancellationTokenSource _stop = new();
    private Task _keeping = Task.CompletedTask;

    /// <summary>What the last renewal found.</summary>
    public LeaseStatus Status { get; private set; } = LeaseStatus.Held;

    /// <summary>Starts renewing, on a thread of its own; the first renewal is due one period from now.</summary>
    public void Start()
    {
        var timer = new PeriodicTimer(scheduler.RenewEvery, time);
        _keeping = Task.Factory.StartNew(() => Keep(timer), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Stops renewing and waits for the renewal loop to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _keeping;
        _stop.Dispose();
    }

    private void Keep(PeriodicTimer timer)
    {
        using var _ = timer;
        try
        {
            while (timer.WaitForNextTickAsync(_stop.Token).AsTask().GetAwaiter().GetResult())
            {
                try
                {
                    Status = ledger.RenewAsync(job.Id, owner, job.Attempt, scheduler.Lease, _stop.Token).GetAwaiter().GetResult();
                }
                catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException)
                {
                    // The ledger is briefly unreachable: keep working; the lease has two more renewals before it expires.
                    continue;
                }

                if (Status == LeaseStatus.Lost)
                {
                    // The job is someone else's now: stop at once, and renew nothing more.
                    work.Cancel();
                    return;
                }

                if (Status == LeaseStatus.CancelRequested && !work.IsCancellationRequested)
                {
                    // Stopping can take longer than a lease (a compressor finishing its frame): the lease is kept
                    // until the worker records the job cancelled, or an expired lease would send it back to run again.
                    work.Cancel();
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }
}
