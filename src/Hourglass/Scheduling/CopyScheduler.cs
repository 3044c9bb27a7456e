using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Ledger;
using Hourglass.Storage;
using Microsoft.Extensions.Logging;

namespace Hourglass.Scheduling;

/// <summary>
/// Gives every target a copy job for each new set of the tiers it takes. It listens for <see cref="SetCommitted"/>
/// (no runner calls it), wakes the daemon's loop (<see cref="SetCommittedAsync"/>) and plans at once, and it plans
/// every few minutes anyway, so a set committed
/// by another node, or just before a crash, is not missed. Jobs go through the ledger, so copies retry with its
/// backoff, run on any node, and are done once however many nodes plan them.
/// </summary>
internal sealed class CopyScheduler : IDisposable
{
    /// <summary>How often targets are planned without a new set: catches sets committed elsewhere.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);

    private readonly SetStores _stores;
    private readonly IJobLedger _ledger;
    private readonly JobFactory _jobs;
    private readonly TimeProvider _time;
    private readonly ILogger<CopyScheduler> _logger;
    private readonly IDisposable? _subscription;

    // Completed when a set was committed since the last plan; completed at first, so a node plans when it starts.
    private TaskCompletionSource _committed = Completed();
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public CopyScheduler(SetStores stores, IJobLedger ledger, JobFactory jobs, EventStream events, TimeProvider time, ILogger<CopyScheduler> logger)
    {
        _stores = stores;
        _ledger = ledger;
        _jobs = jobs;
        _time = time;
        _logger = logger;
        // Without targets there is nothing to plan, and a committed set need not wake the daemon.
        _subscription = stores.Targets.Count == 0 ? null : events.Subscribe(e =>
        {
            if (e is SetCommitted)
            {
                Volatile.Read(ref _committed).TrySetResult();
            }
        });
    }

    /// <summary>Completes when a set is committed (after the last <see cref="TickAsync"/>), so the daemon plans its copies without waiting for its next tick.</summary>
    public Task SetCommittedAsync => Volatile.Read(ref _committed).Task;

    /// <summary>Plans every target when a set was committed since the last tick, or the sweep is due.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        // Replaced before the local root is listed: a set committed from here on completes the new one, and one committed
        // before is in the listing.
        var committed = Volatile.Read(ref _committed).Task.IsCompleted;
        if (committed)
        {
            Volatile.Write(ref _committed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        var now = _time.GetUtcNow();
        if (_stores.Targets.Count == 0 || (!committed && now < _nextSweep))
        {
            return;
        }

        _nextSweep = now + SweepInterval;
        try
        {
            var local = await _stores.Local.ListSetsAsync(null, cancellationToken);
            foreach (var target in _stores.Targets)
            {
                var copies = await CopiesAsync(target, cancellationToken);
                foreach (var set in CopyPlanner.Due(target, local, copies))
                {
                    if ((await _ledger.EnqueueAsync(_jobs.Copy(set, target.Name, afterBackup: true), cancellationToken)).Inserted)
                    {
                        _logger.CopyQueued(set.ToString(), target.Name);
                    }
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The sweep tries again; planning copies must never stop the node's schedule.
            _nextSweep = now;
            _logger.CopyPlanFailed(string.Join(", ", _stores.Targets.Select(t => t.Name)), e.Message);
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private static TaskCompletionSource Completed()
    {
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        completed.SetResult();
        return completed;
    }

    private async Task<IReadOnlyList<StoredSet>?> CopiesAsync(Target target, CancellationToken cancellationToken)
    {
        try
        {
            return await _stores.Target(target).ListSetsAsync(null, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.CopyPlanFailed(target.Name, e.Message);
            return null;
        }
    }
}
