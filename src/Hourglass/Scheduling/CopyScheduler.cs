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
    private readonly IDisposable _subscription;
    private int _committed = 1;
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private DateTimeOffset _nextSweep = DateTimeOffset.MinValue;

    public CopyScheduler(SetStores stores, IJobLedger ledger, JobFactory jobs, EventStream events, TimeProvider time, ILogger<CopyScheduler> logger)
    {
        _stores = stores;
        _ledger = ledger;
        _jobs = jobs;
        _time = time;
        _logger = logger;
        _subscription = events.Subscribe(e =>
        {
            if (e is SetCommitted)
            {
                Volatile.Write(ref _committed, 1);
                Volatile.Read(ref _wake).TrySetResult();
            }
        });
    }

    /// <summary>Completes when a set is committed (after the last <see cref="TickAsync"/>), so the daemon plans its copies without waiting for its next tick.</summary>
    public Task SetCommittedAsync => Volatile.Read(ref _wake).Task;

    /// <summary>Plans every target when a set was committed since the last tick, or the sweep is due.</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        // Replaced before the flag is read: a set committed from here on wakes the next wait.
        if (Volatile.Read(ref _wake).Task.IsCompleted)
        {
            Volatile.Write(ref _wake, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        var now = _time.GetUtcNow();
        if (_stores.Targets.Count == 0 || (Interlocked.Exchange(ref _committed, 0) == 0 && now < _nextSweep))
        {
            return;
        }

        _nextSweep = now + SweepInterval;
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

    public void Dispose() => _subscription.Dispose();

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
