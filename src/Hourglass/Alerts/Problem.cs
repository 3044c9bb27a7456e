using Hourglass.Health;

namespace Hourglass.Alerts;

/// <summary>Something wrong now, as <see cref="ProblemFinder"/> sees it.</summary>
/// <param name="Key">Its identity, stable while it lasts (kind and subject): one alert per key until it clears.</param>
/// <param name="Kind">One of <see cref="AlertKinds"/>: the webhook's event type.</param>
/// <param name="Subject">What it is about: a database and tier (<c>singularity/hourly</c>), a tier, a target, a node.</param>
/// <param name="Message">One line that names the subject and what to do.</param>
internal sealed record Problem(string Key, string Kind, string Subject, string Message)
{
    /// <summary>
    /// True when it comes only from a target that could not be listed, which one transient error or one node's view
    /// can cause: <see cref="ProblemConfirmation"/> opens it only once it is seen on evaluations in a row.
    /// </summary>
    public bool NeedsConfirmation { get; init; }

    /// <summary>A problem keyed by its kind and subject.</summary>
    public static Problem Of(string kind, string subject, string message) => new($"{kind}:{subject}", kind, subject, message);

    /// <summary>The line a resolved message carries: which problem cleared, and after how long.</summary>
    public static string Cleared(string kind, string subject, TimeSpan after) =>
        $"{kind switch
        {
            AlertKinds.BackupFailed => "backup failure",
            AlertKinds.BackupMissed => "missed backup",
            AlertKinds.BackupStale => "stale backup",
            AlertKinds.VerifyFailed => "failed verification",
            AlertKinds.CopyFailed => "copy failure",
            AlertKinds.CopyStale => "stale copy",
            AlertKinds.DiskLow => "low disk space",
            AlertKinds.NodeSilent => "silent node",
            AlertKinds.JobDiscarded => "failed job",
            _ => kind,
        }} of {subject} cleared after {StatusReporter.Age(after)}";
}
