using Hourglass.Events;
using Hourglass.Health;
using Hourglass.Storage;
using Microsoft.Extensions.Hosting;

namespace Hourglass.Web.State;

/// <summary>
/// What the pages, the API's status and the metrics read: the status report and the local root's sets, taken at
/// most every <see cref="MaxAge"/> and again after any event, so a page or a scrape does not re-read 2,000 manifests
/// (or list a bucket) per request. Readers share one refresh at a time; a failed refresh keeps the last good one.
/// A refresh gives up after <see cref="RefreshTimeout"/> and when the web host stops, so a ledger or a disk that
/// hangs holds up the pages for that long at most, not for ever, and never holds up shutting down.
/// </summary>
internal sealed class EngineSnapshot : IDisposable
{
    /// <summary>How stale a snapshot may get when nothing happens (time moves ages forward even without events).</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    /// <summary>How long one refresh (listing the sets, asking the ledger) may take before its readers are told it failed.</summary>
    public static readonly TimeSpan RefreshTimeout = TimeSpan.FromSeconds(30);

    private readonly StatusReporter _status;
    private readonly SetStores _stores;
    private readonly TimeProvider _time;
    private readonly IDisposable _subscription;

    // Neither is disposed: a refresh still in flight at Dispose releases the gate and reads the token afterwards,
    // and neither holds an OS handle (no AvailableWaitHandle, no timer).
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly CancellationTokenSource _stopping;

    private volatile Snapshot? _current;
    private int _dirty = 1;

    public EngineSnapshot(StatusReporter status, SetStores stores, EventStream events, TimeProvider time, IHostApplicationLifetime lifetime)
    {
        _status = status;
        _stores = stores;
        _time = time;
        _stopping = CancellationTokenSource.CreateLinkedTokenSource(lifetime.ApplicationStopping);
        _subscription = events.Subscribe(_ => Interlocked.Exchange(ref _dirty, 1));
    }

    /// <summary>
    /// The current snapshot, refreshed first when it is older than <see cref="MaxAge"/> or an event came since.
    /// Throws <see cref="TimeoutException"/> when the refresh takes longer than <see cref="RefreshTimeout"/>.
    /// </summary>
    public async Task<Snapshot> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_current is { } fresh && !IsDue(fresh))
        {
            return fresh;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            return _current is { } meanwhile && !IsDue(meanwhile) ? meanwhile : await RefreshAsync(cancellationToken);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>
    /// The snapshot as it is, without waiting (null before the first), for readers that must stay cheap (a metrics
    /// scrape); when a refresh is due it starts one in the background, so such a reader sees changes one read later.
    /// </summary>
    public Snapshot? Peek()
    {
        var current = _current;
        if ((current is null || IsDue(current)) && !_stopping.IsCancellationRequested && _refresh.Wait(0))
        {
            _ = Task.Run(RefreshInBackgroundAsync);
        }

        return current;
    }

    private bool IsDue(Snapshot snapshot) => Volatile.Read(ref _dirty) != 0 || _time.GetUtcNow() - snapshot.TakenAt >= MaxAge;

    /// <summary>
    /// Takes a snapshot, within <see cref="RefreshTimeout"/>. One that fails leaves the refresh due, so the next reader
    /// tries again rather than taking the last good one as fresh.
    /// </summary>
    private async Task<Snapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _dirty, 0);
        using var refresh = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var take = TakeAsync(refresh.Token);
        try
        {
            // WaitAsync, not only the token: a read from a hung disk or an unreachable server may not watch it.
            // Only this awaited result becomes current, so a read given up on cannot overwrite a newer one later.
            var snapshot = await take.WaitAsync(RefreshTimeout, _time, refresh.Token);
            _current = snapshot;
            return snapshot;
        }
        catch (Exception e)
        {
            Interlocked.Exchange(ref _dirty, 1);
            if (e is TimeoutException && !take.IsCompleted)
            {
                await refresh.CancelAsync(); // the read given up on is told to stop too
                throw new TimeoutException($"the backup root or the ledger did not answer within {RefreshTimeout.TotalSeconds:0} s");
            }

            throw;
        }
    }

    private async Task<Snapshot> TakeAsync(CancellationToken cancellationToken)
    {
        var takenAt = _time.GetUtcNow();
        var sets = await _stores.Local.ListSetsAsync(null, cancellationToken);
        var report = await _status.ReportAsync(sets, cancellationToken);
        return new Snapshot(report, sets, takenAt);
    }

    /// <summary>A refresh nobody waits for (<see cref="Peek"/> holds the gate for it): a failure keeps the last good snapshot, as a failed refresh always does.</summary>
    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(CancellationToken.None);
        }
#pragma warning disable CA1031 // Nobody awaits this refresh: its failure (the ledger away) must not become an unobserved exception; the next reader tries again.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>Stops any refresh in flight and starts no other; safe while one is still running.</summary>
    public void Dispose()
    {
        _stopping.Cancel();
        _subscription.Dispose();
    }
}

/// <summary>The engine's state at one moment: <see cref="Sets"/> are the local root's, newest first.</summary>
internal sealed record Snapshot(StatusReport Status, IReadOnlyList<StoredSet> Sets, DateTimeOffset TakenAt);
