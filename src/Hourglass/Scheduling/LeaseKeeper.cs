using Hourglass.Ledger;

namespace Hourglass.Scheduling;

/// <summary>
/// Renews one job's lease every <see cref="SchedulerOptions.RenewEvery"/> while it runs, and cancels the work when a
/// renewal finds the lease lost or a cancel requested. A long backup is never rescued merely for being long.
/// </summary>
internal sealed class LeaseKeeper(IJobLedger ledger, Job job, string owner, SchedulerOptions scheduler, CancellationTokenSource work)
{
    private readonly CancellationTokenSource _stop = new();

    /// <summary>What the last renewal found.</summary>
    public LeaseStatus Status { get; private set; } = LeaseStatus.Held;

    public async Task KeepAsync()
    {
        using var timer = new PeriodicTimer(scheduler.RenewEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                try
                {
                    Status = await ledger.RenewAsync(job.Id, owner, job.Attempt, scheduler.Lease, _stop.Token);
                }
                catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException)
                {
                    // The ledger is briefly unreachable: keep working; the lease has two more renewals before it expires.
                    continue;
                }

                if (Status != LeaseStatus.Held)
                {
                    await work.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>Stops renewing and waits for the renewal loop to end.</summary>
    public async Task StopAsync(Task keeping)
    {
        await _stop.CancelAsync();
        await keeping;
        _stop.Dispose();
    }
}
