using System.Threading.Channels;
using Hourglass.Ledger;

namespace Hourglass.Tests.Scheduling;

/// <summary>
/// A ledger for a worker and its lease keeper alone: claims hand out the queued jobs, renewals answer from a script,
/// and every call a worker makes is recorded with the fake clock's time, so tests can wait for a call instead of sleeping.
/// </summary>
internal sealed class ScriptedLedger(TimeProvider time) : IJobLedger
{
    private readonly Queue<Job> _queued = new();
    private readonly Queue<Func<LeaseStatus>> _renewals = new();

    /// <summary>Each call, as "Method at fake time", in order.</summary>
    public Channel<(string Call, DateTimeOffset At)> Calls { get; } = Channel.CreateUnbounded<(string, DateTimeOffset)>();

    public void Queue(Job job) => _queued.Enqueue(job);

    /// <summary>What the next renewals find, in order; a renewal past the script finds the lease held.</summary>
    public void Renewals(params Func<LeaseStatus>[] answers)
    {
        foreach (var answer in answers)
        {
            _renewals.Enqueue(answer);
        }
    }

    public async Task<(string Call, DateTimeOffset At)> NextCallAsync(CancellationToken cancellationToken) =>
        await Calls.Reader.ReadAsync(cancellationToken);

    private void Record(string call) => Calls.Writer.TryWrite((call, time.GetUtcNow()));

    public Task<Job?> ClaimAsync(string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        Record(nameof(ClaimAsync));
        return Task.FromResult(_queued.TryDequeue(out var job) ? job : null);
    }

    public Task<LeaseStatus> RenewAsync(long id, string owner, int attempt, TimeSpan lease, CancellationToken cancellationToken)
    {
        Record(nameof(RenewAsync));
        return Task.FromResult(_renewals.TryDequeue(out var answer) ? answer() : LeaseStatus.Held);
    }

    public Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken) => Task.FromResult(time.GetUtcNow());

    public Task<bool> CompleteAsync(long id, string owner, int attempt, string meta, CancellationToken cancellationToken) => Finished(nameof(CompleteAsync));

    /// <summary>False makes every later finish say the lease was lost meanwhile.</summary>
    public bool LeaseHeld { get; set; } = true;

    public Task<bool> FailAsync(long id, string owner, int attempt, string node, string error, TimeSpan? retryAfter, CancellationToken cancellationToken) =>
        Finished($"{nameof(FailAsync)} retry after {retryAfter}");

    public Task<bool> AcknowledgeCancelAsync(long id, string owner, int attempt, CancellationToken cancellationToken) => Finished(nameof(AcknowledgeCancelAsync));

    public Task<bool> ReleaseAsync(long id, string owner, int attempt, CancellationToken cancellationToken) => Finished(nameof(ReleaseAsync));

    private Task<bool> Finished(string call)
    {
        Record(call);
        return Task.FromResult(LeaseHeld);
    }

    public Task MigrateAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> SchemaVersionAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<EnqueueResult> EnqueueAsync(NewJob job, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<RescuedJob>> RescueExpiredAsync(string node, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> CancelAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<bool> RetryAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<int> PruneAsync(TimeSpan completed, TimeSpan failed, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<Job?> GetAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyDictionary<JobState, int>> CountByStateAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Job>> ListAsync(JobQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<Job>> DiscardedLastInGroupAsync(JobKind kind, string? groupBy, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<JobError>> ErrorsAsync(long id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyDictionary<long, string>> LastErrorsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<CronEntry>> CronEntriesAsync(CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<CronEntry>>([]);

    public Task SaveCronEntryAsync(CronEntry entry, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task HeartbeatAsync(string id, string host, DateTimeOffset startedAt, string? running, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task RemoveNodeAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();

    public Task<IReadOnlyList<NodeInfo>> NodesAsync(CancellationToken cancellationToken) => throw new NotSupportedException();
}
