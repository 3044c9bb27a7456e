namespace Hourglass.Ledger;

/// <summary>
/// The durable record of every backup, restore, verify and prune: the jobs, their errors, the cron entries and the
/// nodes. Two stores implement it (SQLite, PostgreSQL) and one contract suite tests both.
/// Every state change that belongs to a worker is guarded by its lease owner and attempt, so a worker that lost its
/// lease (a zombie) can change nothing. Times that decide leases and due jobs come from the database's clock.
/// </summary>
public interface IJobLedger
{
    /// <summary>Creates or upgrades the schema. Safe to call from several nodes at once. Fails clearly when the schema is newer than this binary.</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The schema version in the database (0 when none).</summary>
    Task<int> SchemaVersionAsync(CancellationToken cancellationToken);

    /// <summary>The database's clock.</summary>
    Task<DateTimeOffset> NowAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a job. A cron slot or a unique key already present returns the existing job with <c>Inserted = false</c>.</summary>
    Task<EnqueueResult> EnqueueAsync(NewJob job, CancellationToken cancellationToken);

    /// <summary>
    /// Claims the most urgent due job (priority, then due time, then id) none of whose databases is in use by an
    /// executing job, and leases it to <paramref name="owner"/>. Null when there is none. Never hands one job to two claimers.
    /// </summary>
    Task<Job?> ClaimAsync(string owner, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Extends a lease, if it is still <paramref name="owner"/>'s for this attempt.</summary>
    Task<LeaseStatus> RenewAsync(long id, string owner, int attempt, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>Marks the job completed with <paramref name="meta"/>; false (and nothing changed) if the lease is not ours.</summary>
    Task<bool> CompleteAsync(long id, string owner, int attempt, string meta, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed attempt: retryable after <paramref name="retryAfter"/>, or discarded when it is null or attempts
    /// are used up. False if the lease is not ours.
    /// </summary>
    Task<bool> FailAsync(long id, string owner, int attempt, string node, string error, TimeSpan? retryAfter, CancellationToken cancellationToken);

    /// <summary>Marks an executing job cancelled (its worker saw the request); false if the lease is not ours.</summary>
    Task<bool> AcknowledgeCancelAsync(long id, string owner, int attempt, CancellationToken cancellationToken);

    /// <summary>Gives a job back (shutdown): retryable now, without using up the attempt. False if the lease is not ours.</summary>
    Task<bool> ReleaseAsync(long id, string owner, int attempt, CancellationToken cancellationToken);

    /// <summary>
    /// Moves executing jobs whose lease expired to retryable (or discarded), with an error row naming
    /// <paramref name="node"/>; one whose cancel was requested becomes cancelled. Returns the jobs it sent back to run
    /// again or discarded.
    /// </summary>
    Task<IReadOnlyList<RescuedJob>> RescueExpiredAsync(string node, CancellationToken cancellationToken);

    /// <summary>Cancels a queued job at once, or asks an executing one to stop. False when the job is already finished or unknown.</summary>
    Task<bool> CancelAsync(long id, CancellationToken cancellationToken);

    /// <summary>Puts a discarded or cancelled job back to available with a fresh attempt. False otherwise.</summary>
    Task<bool> RetryAsync(long id, CancellationToken cancellationToken);

    /// <summary>Deletes completed jobs older than <paramref name="completed"/> and discarded or cancelled ones older than <paramref name="failed"/>. Returns how many.</summary>
    Task<int> PruneAsync(TimeSpan completed, TimeSpan failed, CancellationToken cancellationToken);

    Task<Job?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Jobs newest first.</summary>
    Task<IReadOnlyList<Job>> ListAsync(JobQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The discarded jobs of <paramref name="kind"/> after which no job of their group finished (completed or
    /// discarded): each group's newest finished job, when it failed for good. A group is the jobs whose arguments have
    /// the same top-level field <paramref name="groupBy"/> ("tier" for a tier's backups, "target" for a target's
    /// copies), or the same whole arguments when it is null. Found however many newer jobs other groups have, so a
    /// daily tier's failure is not lost behind a busy tier's jobs; the alerts read failures from it.
    /// </summary>
    Task<IReadOnlyList<Job>> DiscardedLastInGroupAsync(JobKind kind, string? groupBy, CancellationToken cancellationToken);

    /// <summary>How many jobs are in each state, every state present (0 when none), in one query cheap enough for every metrics scrape.</summary>
    Task<IReadOnlyDictionary<JobState, int>> CountByStateAsync(CancellationToken cancellationToken);

    /// <summary>A job's errors, oldest first.</summary>
    Task<IReadOnlyList<JobError>> ErrorsAsync(long id, CancellationToken cancellationToken);

    /// <summary>The latest error of each of <paramref name="ids"/> that has one, in one query (for listings).</summary>
    Task<IReadOnlyDictionary<long, string>> LastErrorsAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    Task<IReadOnlyList<CronEntry>> CronEntriesAsync(CancellationToken cancellationToken);

    /// <summary>Records a tier's expression and moves its last slot forward (never back).</summary>
    Task SaveCronEntryAsync(CronEntry entry, CancellationToken cancellationToken);

    /// <summary>Registers or refreshes a node's heartbeat and what it is running.</summary>
    Task HeartbeatAsync(string id, string host, DateTimeOffset startedAt, string? running, CancellationToken cancellationToken);

    /// <summary>Removes a node on clean shutdown.</summary>
    Task RemoveNodeAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<NodeInfo>> NodesAsync(CancellationToken cancellationToken);
}
