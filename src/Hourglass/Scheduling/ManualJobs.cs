using Hourglass.Ledger;
using Hourglass.Restores;

namespace Hourglass.Scheduling;

/// <summary>
/// The jobs people ask for, from <c>hourglass enqueue</c>, <c>hourglass jobs retry|cancel</c> and the web's buttons,
/// in one place so every door queues the same job and refuses the same things with the same line. Nothing here runs
/// work: it writes to the ledger, and whichever node's worker claims the job runs it. A second request for a job that
/// is still queued or running answers that job (its unique key) instead of queueing another.
/// </summary>
public sealed class ManualJobs(IJobLedger ledger, JobFactory jobs, RestoreRunner restores, TimeProvider time)
{
    /// <summary>The states in which a job still holds its unique key.</summary>
    private static readonly JobState[] Pending = [JobState.Scheduled, JobState.Available, JobState.Executing, JobState.Retryable];

    /// <summary>Queues a set of <paramref name="tier"/> (null: the tier that runs most often) over <paramref name="databases"/> (null or empty: all).</summary>
    public Task<QueuedJob> BackupAsync(string? tier, IReadOnlyList<string>? databases, CancellationToken cancellationToken) =>
        EnqueueAsync(jobs.Backup(tier, databases, time.GetUtcNow()), cancellationToken);

    /// <summary>Queues a verification.</summary>
    public Task<QueuedJob> VerifyAsync(VerifyArgs args, CancellationToken cancellationToken) =>
        EnqueueAsync(jobs.Verify(args), cancellationToken);

    /// <summary>
    /// Queues a restore of <paramref name="database"/>'s dump in <paramref name="set"/> into <paramref name="into"/>,
    /// which must not exist or be empty: this never replaces a database (no force). The same restore still queued or
    /// running is answered as it is, before the target is looked at (by then the running one may have filled it).
    /// </summary>
    public async Task<QueuedJob> RestoreIntoNewAsync(string set, string database, string into, string? tier, CancellationToken cancellationToken)
    {
        var job = jobs.Restore(new RestoreArgs(set, database, into, Force: false, tier));
        var pending = await ledger.ListAsync(new JobQuery(Pending, JobKind.Restore, Limit: 500), cancellationToken);
        if (pending.FirstOrDefault(j => j.UniqueKey == job.UniqueKey) is { } queued)
        {
            return new QueuedJob(queued, Inserted: false);
        }

        await restores.EnsureNewTargetAsync(into, cancellationToken);
        return await EnqueueAsync(job, cancellationToken);
    }

    /// <summary>Inserts <paramref name="job"/>, or finds the equal one still queued or running.</summary>
    public async Task<QueuedJob> EnqueueAsync(NewJob job, CancellationToken cancellationToken)
    {
        var result = await ledger.EnqueueAsync(job, cancellationToken);
        var row = await ledger.GetAsync(result.Id, cancellationToken) ?? throw Errors.JobNotFound(result.Id);
        return new QueuedJob(row, result.Inserted);
    }

    /// <summary>Puts a discarded or cancelled job back to available, and returns it; null when there is no such job. A one-line error when it is in another state.</summary>
    public Task<Job?> RetryAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, ledger.RetryAsync, Errors.JobNotRetryable, cancellationToken);

    /// <summary>Cancels a queued job, or asks an executing one to stop at its next heartbeat, and returns it; null when there is no such job. A one-line error when it has already finished.</summary>
    public Task<Job?> CancelAsync(long id, CancellationToken cancellationToken) =>
        ChangeAsync(id, ledger.CancelAsync, Errors.JobAlreadyFinished, cancellationToken);

    private async Task<Job?> ChangeAsync(long id, Func<long, CancellationToken, Task<bool>> change, Func<long, HourglassException> refused, CancellationToken cancellationToken)
    {
        if (await ledger.GetAsync(id, cancellationToken) is null)
        {
            return null;
        }

        return await change(id, cancellationToken)
            ? await ledger.GetAsync(id, cancellationToken)
            : throw refused(id);
    }
}

/// <summary>A job a person asked for, and whether it was queued now or was already queued or running (a double click).</summary>
/// <param name="Job">The job as the ledger holds it.</param>
/// <param name="Inserted">False when an equal job was already queued or running, and this is that one.</param>
public sealed record QueuedJob(Job Job, bool Inserted);
