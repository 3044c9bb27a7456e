using Hourglass.Ledger;
using Hourglass.Storage;

namespace Hourglass.Events;

/// <summary>
/// Something the engine did, published once where it happened (beside the log line that says the same), so metrics,
/// alerts and the dashboard subscribe to one stream instead of being called from inside the runners. Every event
/// is immutable data and carries no secret.
/// </summary>
/// <param name="At">When it happened, by the engine's clock.</param>
public abstract record HourglassEvent(DateTimeOffset At);

/// <summary>A set was committed to the local store: its manifest says what each dump holds, how big and how long.</summary>
public sealed record SetCommitted(DateTimeOffset At, Manifest Manifest, TimeSpan Duration) : HourglassEvent(At);

/// <summary>One database's dump failed; the set goes on without it (and is then partial).</summary>
public sealed record DumpFailed(DateTimeOffset At, SetId Set, string Database, string Error) : HourglassEvent(At);

/// <summary>A worker claimed a job and started it.</summary>
public sealed record JobStarted(DateTimeOffset At, long JobId, JobKind Kind, int Attempt, string Node) : HourglassEvent(At)
{
    /// <summary>The tier of a backup job (the dead man's switch pings per tier); null for other kinds.</summary>
    public string? Tier { get; init; }
}

/// <summary>A job finished; <paramref name="Summary"/> is its result line.</summary>
public sealed record JobCompleted(DateTimeOffset At, long JobId, JobKind Kind, TimeSpan Duration, string? Summary) : HourglassEvent(At)
{
    /// <summary>The tier of a backup job; null for other kinds.</summary>
    public string? Tier { get; init; }
}

/// <summary>A job failed and will run again at <paramref name="RetryAt"/>.</summary>
public sealed record JobRetried(DateTimeOffset At, long JobId, JobKind Kind, int Attempt, string Error, DateTimeOffset RetryAt) : HourglassEvent(At)
{
    /// <summary>The tier of a backup job; null for other kinds (and for jobs a rescue sent back).</summary>
    public string? Tier { get; init; }
}

/// <summary>A job failed for the last time (or was superseded by its schedule's next slot).</summary>
public sealed record JobDiscarded(DateTimeOffset At, long JobId, JobKind Kind, int Attempt, string Error) : HourglassEvent(At)
{
    /// <summary>The tier of a backup job; null for other kinds (and for jobs a rescue discarded).</summary>
    public string? Tier { get; init; }
}

/// <summary>A set was verified (in the local root, or its copy on <paramref name="Target"/>); the result is also in its manifest.</summary>
public sealed record VerificationFinished(DateTimeOffset At, SetId Set, SetVerification Verification, TimeSpan Duration, string? Target = null) : HourglassEvent(At);

/// <summary>Slots of a schedule were missed while no node was up and will not run (catch-up runs at most the latest).</summary>
public sealed record SlotsMissed(DateTimeOffset At, string Schedule, int Count, DateTimeOffset First, DateTimeOffset Last) : HourglassEvent(At);

/// <summary>Retention ran over a tier of the local root (or of <paramref name="Target"/>): how many sets it kept and which it removed.</summary>
public sealed record PruneFinished(DateTimeOffset At, string Tier, int Kept, IReadOnlyList<SetId> Removed, bool DryRun, string? Target = null) : HourglassEvent(At);

/// <summary>A set was copied to a target and its manifest written there: the copy counts from now.</summary>
public sealed record SetCopied(DateTimeOffset At, string Target, Manifest Manifest, long Bytes, TimeSpan Duration) : HourglassEvent(At);

/// <summary>A copy of a set to a target failed; the copy job retries it (or was discarded, when <paramref name="Final"/>).</summary>
public sealed record CopyFailed(DateTimeOffset At, string Target, SetId Set, string Error, bool Final) : HourglassEvent(At);

/// <summary>
/// The backup root has less free space than it needs: below <c>alerts.minFreeBytes</c>, or below twice the biggest
/// tier's last set (<paramref name="NeededBytes"/> is the larger of the two).
/// </summary>
public sealed record DiskSpaceLow(DateTimeOffset At, string Path, long FreeBytes, long NeededBytes) : HourglassEvent(At);

/// <summary>An alert was opened, reminded or resolved (by this node; the ledger makes it once across nodes).</summary>
public sealed record AlertChanged(DateTimeOffset At, string Key, string Kind, string Change, string Message) : HourglassEvent(At);
