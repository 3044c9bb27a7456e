namespace Hourglass.Restores;

/// <summary>
/// Hands <see cref="LoadItem"/>s to the connections of a parallel load: an item starts once a connection is free and
/// no running item holds a conflicting lock, so no connection ever waits on another's lock (and none can deadlock).
/// Driven by one caller at a time; the first item that fails fails the next call, and disposing ends every
/// connection, so their sessions' work stops with them.
/// </summary>
internal sealed class LoadScheduler : IAsyncDisposable
{
    private readonly List<LoadWorker> _workers;
    private readonly Queue<LoadWorker> _idle;
    private readonly List<Running> _running = [];

    private LoadScheduler(List<LoadWorker> workers)
    {
        _workers = workers;
        _idle = new Queue<LoadWorker>(workers);
    }

    /// <summary>Bytes of the items that finished, for progress.</summary>
    public long BytesDone { get; private set; }

    /// <summary>Starts <paramref name="jobs"/> connections with <paramref name="start"/>.</summary>
    public static async Task<LoadScheduler> StartAsync(int jobs, Func<CancellationToken, Task<LoadWorker>> start, CancellationToken cancellationToken)
    {
        var workers = new List<LoadWorker>(jobs);
        try
        {
            for (var i = 0; i < jobs; i++)
            {
                workers.Add(await start(cancellationToken));
            }

            return new LoadScheduler(workers);
        }
        catch
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }

            throw;
        }
    }

    /// <summary>Starts <paramref name="item"/> as soon as it may run, and returns once it started.</summary>
    public async Task RunAsync(LoadItem item, CancellationToken cancellationToken)
    {
        while (_idle.Count == 0 || _running.Any(r => r.Item.ConflictsWith(item)))
        {
            await WhenOneFinishedAsync(cancellationToken);
        }

        Start(item, cancellationToken);
    }

    /// <summary>
    /// Runs a group of items whose order matters only between conflicting items of different steps: an item may start
    /// before an earlier one that waits when the two do not conflict (an index of one table before the constraint of
    /// another), or when both are of one step (two foreign keys of a chain, an index before its table's primary key);
    /// but a foreign key never starts before an index or constraint of its tables that comes before it in the dump
    /// (the key it references). Returns once every item started.
    /// </summary>
    public async Task RunGroupAsync(IReadOnlyList<LoadItem> items, CancellationToken cancellationToken)
    {
        var waiting = items.ToList();
        while (waiting.Count > 0)
        {
            // Of the items that may start, the latest step first: a foreign key holds two tables, and left for
            // last, a chain of them runs one at a time while the other connections idle.
            var next = _idle.Count == 0 ? -1 : waiting
                .Select((item, index) => (item, index))
                .Where(w => MayStart(w.item, waiting))
                .OrderByDescending(w => w.item.Step)
                .Select(w => w.index)
                .DefaultIfEmpty(-1)
                .First();
            if (next < 0)
            {
                await WhenOneFinishedAsync(cancellationToken);
                continue;
            }

            Start(waiting[next], cancellationToken);
            waiting.RemoveAt(next);
        }
    }

    /// <summary>Waits until every started item finished.</summary>
    public async Task BarrierAsync(CancellationToken cancellationToken)
    {
        while (_running.Count > 0)
        {
            await WhenOneFinishedAsync(cancellationToken);
        }
    }

    /// <summary>Ends every session cleanly after a barrier: psql must see its input end and exit without an error.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await BarrierAsync(cancellationToken);
        await Task.WhenAll(_workers.Select(w => w.FinishAsync(cancellationToken)));
    }

    private bool MayStart(LoadItem item, List<LoadItem> waiting)
    {
        if (_running.Any(r => r.Item.ConflictsWith(item)))
        {
            return false;
        }

        // Never ahead of an earlier item of another step it conflicts with: those keep the dump's order.
        foreach (var earlier in waiting)
        {
            if (ReferenceEquals(earlier, item))
            {
                return true;
            }

            if (earlier.Step != item.Step && earlier.ConflictsWith(item))
            {
                return false;
            }
        }

        return true;
    }

    private void Start(LoadItem item, CancellationToken cancellationToken)
    {
        var worker = _idle.Dequeue();
        _running.Add(new Running(worker, item, worker.RunAsync(item, cancellationToken)));
    }

    /// <summary>Waits for a running item to finish, takes back every finished one, and throws the first failure.</summary>
    private async Task WhenOneFinishedAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAny(_running.Select(r => r.Task)).WaitAsync(cancellationToken);
        foreach (var finished in _running.Where(r => r.Task.IsCompleted).ToList())
        {
            _running.Remove(finished);
            BytesDone += finished.Item.Bytes;
            finished.Item.Release();
            await finished.Task;
            _idle.Enqueue(finished.Worker);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        foreach (var running in _running)
        {
            // Its rows go back to the pool only once nothing writes them any more.
            await Task.WhenAny(running.Task);
            running.Item.Release();
        }
    }

    private sealed record Running(LoadWorker Worker, LoadItem Item, Task Task);
}
