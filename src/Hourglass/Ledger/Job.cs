namespace Hourglass.Ledger;

/// <summary>What a job does.</summary>
public enum JobKind
{
    Backup,
    Restore,
    Verify,
    Prune,
    Copy,
}

/// <summary>Where a job is in its life, as Oban names it.</summary>
public enum JobState
{
    /// <summary>Waiting for its time.</summary>
    Scheduled,

    /// <summary>Due, waiting for a worker.</summary>
    Available,

    /// <summary>Claimed by a worker holding its lease.</summary>
    Executing,

    /// <summary>Failed; will run again at <see cref="Job.ScheduledAt"/>.</summary>
    Retryable,

    /// <summary>Done.</summary>
    Completed,

    /// <summary>Failed for the last time, or superseded.</summary>
    Discarded,

    /// <summary>Cancelled by a person.</summary>
    Cancelled,
}

/// <summary>One row of the ledger.</summary>
public sealed record Job
{
    public required long Id { get; init; }

    public required JobKind Kind { get; init; }

    /// <summary>The job's arguments, as JSON.</summary>
    public required string Args { get; init; }

    public required JobState State { get; init; }

    public int Priority { get; init; }

    public int Attempt { get; init; }

    public int MaxAttempts { get; init; }

    public DateTimeOffset ScheduledAt { get; init; }

    public DateTimeOffset InsertedAt { get; init; }

    public DateTimeOffset? AttemptedAt { get; init; }

    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The process holding the lease: a per-process id, not a host name.</summary>
    public string? LeaseOwner { get; init; }

    public DateTimeOffset? LeaseExpiresAt { get; init; }

    /// <summary>Set when a person cancels a job that is executing; its worker stops at the next heartbeat.</summary>
    public bool CancelRequested { get; init; }

    public string? CronName { get; init; }

    public DateTimeOffset? CronSlot { get; init; }

    public string? UniqueKey { get; init; }

    /// <summary>The databases the job touches, as a JSON array; no two executing jobs share one.</summary>
    public string? ConcurrencyKey { get; init; }

    /// <summary>How it was triggered and, once finished, a summary of the result, as JSON.</summary>
    public string Meta { get; init; } = "{}";

    /// <summary>True once the job will not run again by itself.</summary>
    public bool IsFinished => State is JobState.Completed or JobState.Discarded or JobState.Cancelled;
}

/// <summary>A job to insert.</summary>
public sealed record NewJob(JobKind Kind, string Args)
{
    public int Priority { get; init; }

    public int MaxAttempts { get; init; } = 3;

    /// <summary>When it becomes due; null means now (database clock).</summary>
    public DateTimeOffset? ScheduledAt { get; init; }

    public string? CronName { get; init; }

    public DateTimeOffset? CronSlot { get; init; }

    /// <summary>Deduplicates: while a job with this key is queued or running, inserting another returns the first.</summary>
    public string? UniqueKey { get; init; }

    /// <summary>Databases the job touches.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    public string Meta { get; init; } = "{}";
}

/// <summary>The result of inserting a job.</summary>
/// <param name="Id">The new job, or the queued one it duplicates.</param>
/// <param name="Inserted">False when an equal job was already queued (or the cron slot already existed).</param>
public sealed record EnqueueResult(long Id, bool Inserted);

/// <summary>One failure of one attempt.</summary>
public sealed record JobError(long JobId, int Attempt, DateTimeOffset At, string Node, string Message);

/// <summary>What a lease renewal found.</summary>
public enum LeaseStatus
{
    /// <summary>The lease is ours and was extended.</summary>
    Held,

    /// <summary>Someone cancelled the job: stop and report it cancelled.</summary>
    CancelRequested,

    /// <summary>The lease is no longer ours (it expired and the job was rescued): stop and write nothing.</summary>
    Lost,
}

/// <summary>A filter for listing jobs, newest first.</summary>
/// <param name="States">Only jobs in one of these states; every state when null or empty.</param>
/// <param name="Kind">Only jobs of this kind; every kind when null.</param>
/// <param name="Limit">At most this many.</param>
/// <param name="Before">Only jobs with a smaller id: the next page after a page that ended with this id.</param>
public sealed record JobQuery(IReadOnlyCollection<JobState>? States = null, JobKind? Kind = null, int Limit = 50, long? Before = null);

/// <summary>A running daemon (or embedding app), as seen through its heartbeats.</summary>
public sealed record NodeInfo(string Id, string Host, DateTimeOffset StartedAt, DateTimeOffset HeartbeatAt, string? Running);

/// <summary>A tier's cron schedule as the ledger knows it; <see cref="LastSlot"/> bounds catch-up.</summary>
public sealed record CronEntry(string Name, string Expression, string TimeZone, DateTimeOffset? LastSlot);

/// <summary>A job whose owner stopped renewing its lease, as the rescue left it.</summary>
/// <param name="Id">The job.</param>
/// <param name="Kind">What it does.</param>
/// <param name="Attempt">The attempt that was lost.</param>
/// <param name="Discarded">True when that was its last attempt; otherwise it is retryable now.</param>
/// <param name="Error">The error row the rescue wrote.</param>
public sealed record RescuedJob(long Id, JobKind Kind, int Attempt, bool Discarded, string Error);
