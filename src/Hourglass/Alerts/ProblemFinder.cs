using System.Globalization;
using Hourglass.Configuration;
using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Storage;

namespace Hourglass.Alerts;

/// <summary>
/// What is wrong now, as a pure function of the engine's state: each problem with a stable key, so an alert opens when
/// its key appears and resolves when the state no longer shows it (the next good set of that database and tier, a
/// passed verification, a copy, a heartbeat). The monitor diffs these keys against the open alerts in the ledger.
/// </summary>
internal static class ProblemFinder
{
    /// <summary>
    /// How the job-based rules below group each kind's jobs, as <see cref="IJobLedger.DiscardedLastInGroupAsync"/>
    /// takes it (a field of the job's arguments, or all of them): a tier's backups, a target's copies, the same
    /// restore, verify or prune. A rule here and its entry change together.
    /// </summary>
    public static readonly IReadOnlyList<(JobKind Kind, string? GroupBy)> JobGroups =
        [(JobKind.Backup, "tier"), (JobKind.Copy, "target"), (JobKind.Restore, null), (JobKind.Verify, null), (JobKind.Prune, null)];

    /// <summary>How far back the last slot before <c>now − grace</c> is looked for.</summary>
    private static readonly TimeSpan LongestInterval = TimeSpan.FromDays(400);

    /// <summary>The current problems, one per key, in a stable order.</summary>
    public static IReadOnlyList<Problem> Find(AlertSituation situation)
    {
        var failed = FailedBackups(situation).ToList();
        var verifyFailed = FailedVerifications(situation).ToList();
        IEnumerable<Problem> all =
        [
            .. failed,
            .. MissedSlots(situation, failed),
            .. StaleBackups(situation),
            .. verifyFailed,
            .. DiscardedJobs(situation, skipVerify: verifyFailed.Count > 0),
            .. FailedCopies(situation),
            .. StaleCopies(situation),
            .. LowDisk(situation),
            .. SilentNodes(situation),
        ];
        // One problem per key, the first found; it waits for confirmation only when every finding of its key does.
        return [.. all.GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.First() with { NeedsConfirmation = g.All(p => p.NeedsConfirmation) })];
    }

    /// <summary>
    /// Per tier: each database (or globals) whose dump failed in the tier's newest set; when that set is good, the
    /// tier's newest finished backup job if it was discarded (every dump failed, so no set was written, or it could
    /// not run).
    /// </summary>
    private static IEnumerable<Problem> FailedBackups(AlertSituation situation)
    {
        foreach (var tier in situation.Tiers)
        {
            var newest = situation.Sets.FirstOrDefault(s => s.Id.Tier == tier.Name && s.Manifest is not null);
            var failedDumps = newest?.Manifest is { } manifest
                ? manifest.Databases.Append(manifest.Globals).OfType<DatabaseDump>().Where(d => d.Status == DumpStatus.Failed).ToList()
                : [];
            foreach (var dump in failedDumps)
            {
                yield return Problem.Of(
                    AlertKinds.BackupFailed,
                    $"{dump.Name}/{tier.Name}",
                    $"{dump.Name}: its dump failed in {newest!.Id} (tier {tier.Name}): {dump.Error}; fix the cause, then run `hourglass backup --tier {tier.Name}` or wait for the next slot");
            }

            // The newest job that has finished decides (NewestFinished says why).
            var finished = NewestFinished(situation.Jobs.Where(j => j.Kind == JobKind.Backup && JobJson.Deserialize<BackupArgs>(j.Args).Tier == tier.Name));
            if (failedDumps.Count == 0 && finished is { State: JobState.Discarded, Id: var job })
            {
                yield return Problem.Of(
                    AlertKinds.BackupFailed,
                    tier.Name,
                    $"tier {tier.Name}: backup job {job} failed for good: {situation.JobErrors.GetValueOrDefault(job) ?? "no error recorded"}; see `hourglass jobs show {job}`");
            }
        }
    }

    /// <summary>
    /// Per tier: its last slot at least <c>grace</c> ago has no set started at or after it. Slots from before the
    /// schedule ran (no node yet, no cron entry) are not missed, and a tier whose job failed is reported as failed.
    /// </summary>
    private static IEnumerable<Problem> MissedSlots(AlertSituation situation, IReadOnlyList<Problem> failed)
    {
        if (situation.ScheduleSince is not { } since)
        {
            yield break;
        }

        var cutoff = situation.Now - situation.Options.Grace;
        foreach (var tier in situation.Tiers)
        {
            if (!situation.CronEntries.Any(e => e.Name == tier.Name) || failed.Any(p => p.Subject == tier.Name))
            {
                continue;
            }

            if (LastSlotAtOrBefore(tier.Schedule, cutoff) is not { } slot || slot < since)
            {
                continue;
            }

            // A set's folder is named to the second, and a job starts a moment after its slot.
            var taken = situation.Sets.Any(s => s.Id.Tier == tier.Name && (s.Manifest?.StartedAt ?? s.Id.StartedAt) >= slot - TimeSpan.FromSeconds(1));
            if (!taken)
            {
                yield return Problem.Of(
                    AlertKinds.BackupMissed,
                    tier.Name,
                    $"tier {tier.Name}: no set since its {Time(slot)} slot ({Age(situation.Now - slot)} ago, grace {Age(situation.Options.Grace)}): is `hourglass serve` running and can it reach the server? see `hourglass jobs --kind backup`");
            }
        }
    }

    private static IEnumerable<Problem> StaleBackups(AlertSituation situation) =>
        situation.Status.Databases
            .Where(d => d.Stale && Due(situation, d.NewestGoodAt, d.StaleAfter))
            .Select(d => Problem.Of(
                AlertKinds.BackupStale,
                d.Name,
                d.NewestGoodAt is { } at
                    ? $"{d.Name}: its newest good backup ({d.NewestGoodSet}) is {Age(situation.Now - at)} old, more than {Age(d.StaleAfter)}; see `hourglass status` and `hourglass jobs --kind backup`"
                    : $"{d.Name} has no good backup {Age(situation.Now - situation.ScheduleSince!.Value)} after the schedule started; see `hourglass status` and `hourglass jobs --kind backup`"));

    private static IEnumerable<Problem> FailedVerifications(AlertSituation situation) =>
        situation.Status.Databases
            .Where(d => d.Verification == "failed")
            .Select(d => Problem.Of(
                AlertKinds.VerifyFailed,
                d.Name,
                $"{d.Name}: the last verification ({(d.VerifiedAt is { } at ? Time(at) : "?")}) FAILED; see `hourglass list --db {d.Name}`, then `hourglass verify --restore` once fixed"));

    /// <summary>
    /// Restore, verify and prune jobs whose newest finished run with the same arguments was discarded; a retry (the
    /// job itself runs again) or a later good run of the same job clears it. A failed verification already says why
    /// a verify job failed.
    /// </summary>
    private static IEnumerable<Problem> DiscardedJobs(AlertSituation situation, bool skipVerify) =>
        situation.Jobs
            .Where(j => j.Kind is JobKind.Restore or JobKind.Prune || (j.Kind == JobKind.Verify && !skipVerify))
            .GroupBy(j => (j.Kind, j.Args))
            .Select(NewestFinished)
            .OfType<Job>()
            .Where(j => j.State == JobState.Discarded)
            .OrderBy(j => j.Id)
            .Select(j =>
            {
                var kind = j.Kind.ToString().ToLowerInvariant();
                return Problem.Of(
                    AlertKinds.JobDiscarded,
                    $"{kind} {j.Args}",
                    $"{kind} job {j.Id} ({j.Args}) failed for good: {situation.JobErrors.GetValueOrDefault(j.Id) ?? "no error recorded"}; see `hourglass jobs show {j.Id}`, then `hourglass jobs retry {j.Id}`");
            });

    /// <summary>A target that cannot be listed, or whose newest finished copy job was discarded.</summary>
    private static IEnumerable<Problem> FailedCopies(AlertSituation situation)
    {
        foreach (var target in situation.Status.Targets.Where(t => t.Error is not null))
        {
            yield return Problem.Of(
                AlertKinds.CopyFailed,
                target.Name,
                $"target {target.Name} cannot be listed: {target.Error}; check its endpoint, bucket and credentials with `hourglass doctor`") with { NeedsConfirmation = true };
        }

        var discardedCopies = situation.Jobs
            .Where(j => j.Kind == JobKind.Copy)
            .GroupBy(j => JobJson.Deserialize<CopyArgs>(j.Args).Target)
            .Select(NewestFinished)
            .OfType<Job>()
            .Where(j => j.State == JobState.Discarded)
            .Select(j => (Job: j, Args: JobJson.Deserialize<CopyArgs>(j.Args)))
            .OrderBy(c => c.Args.Target, StringComparer.Ordinal);
        foreach (var (job, args) in discardedCopies)
        {
            yield return Problem.Of(
                AlertKinds.CopyFailed,
                args.Target,
                $"target {args.Target}: copy job {job.Id} ({args.Set}) failed for good: {situation.JobErrors.GetValueOrDefault(job.Id) ?? "no error recorded"}; see `hourglass jobs show {job.Id}`");
        }
    }

    private static IEnumerable<Problem> StaleCopies(AlertSituation situation) =>
        situation.Status.Targets
            .Where(t => t.Error is null)
            .SelectMany(t => t.Databases.Where(d => d.Stale && Due(situation, d.NewestGoodAt, d.StaleAfter)).Select(d => Problem.Of(
                AlertKinds.CopyStale,
                $"{t.Name}/{d.Name}",
                d.NewestGoodAt is { } at
                    ? $"{d.Name}: its newest good copy on target {t.Name} ({d.NewestGoodSet}) is {Age(situation.Now - at)} old, more than {Age(d.StaleAfter)}; see `hourglass status` and `hourglass jobs --kind copy`"
                    : $"{d.Name} has no good copy on target {t.Name} {Age(situation.Now - situation.ScheduleSince!.Value)} after the schedule started; see `hourglass jobs --kind copy`")));

    /// <summary>Free bytes of the root below <c>alerts.minFreeBytes</c>, or below twice the newest set of the tier whose newest set is biggest.</summary>
    private static IEnumerable<Problem> LowDisk(AlertSituation situation)
    {
        if (situation.Status.FreeBytes is not { } free)
        {
            yield break;
        }

        var (needed, biggest) = FreeBytesNeeded(situation.Sets, situation.Options.MinFreeBytes);
        if (free < needed)
        {
            var why = needed == situation.Options.MinFreeBytes ? "alerts.minFreeBytes" : $"twice the biggest tier's last set, {Bytes(biggest)}";
            yield return Problem.Of(
                AlertKinds.DiskLow,
                "backupRoot",
                $"the backup root has {Bytes(free)} free, less than {Bytes(needed)} ({why}): free space there, lower the tiers' keep, or move backupRoot");
        }
    }

    /// <summary>
    /// The free bytes the backup root needs: <paramref name="minFreeBytes"/>, or twice the newest set of the tier whose
    /// newest set is biggest (<paramref name="sets"/> newest first), whichever is more; and that biggest set's size.
    /// </summary>
    public static (long Needed, long Biggest) FreeBytesNeeded(IReadOnlyList<StoredSet> sets, long minFreeBytes)
    {
        var biggest = sets.GroupBy(s => s.Id.Tier).Select(g => g.First().Bytes).DefaultIfEmpty(0).Max();
        return (Math.Max(minFreeBytes, 2 * biggest), biggest);
    }

    /// <summary>A node whose heartbeat stopped, unless a node on the same host started since (it was restarted after a crash).</summary>
    private static IEnumerable<Problem> SilentNodes(AlertSituation situation) =>
        situation.Status.Nodes
            .Where(n => !n.Alive && !situation.Status.Nodes.Any(other => other.Host == n.Host && other.StartedAt > n.HeartbeatAt))
            .Select(n => Problem.Of(
                AlertKinds.NodeSilent,
                n.Id,
                $"node {n.Id} on {n.Host} has sent no heartbeat for {Age(situation.Now - n.HeartbeatAt)}: is its `hourglass serve` still running? (a node that stops cleanly leaves the ledger)"));

    /// <summary>
    /// The newest of <paramref name="jobs"/> that has finished (completed or discarded), or null. One queued, running or
    /// retrying after a failure does not clear it: else every run through an outage would resolve the alert and the
    /// next failure open it again (found by the fault campaign).
    /// </summary>
    private static Job? NewestFinished(IEnumerable<Job> jobs) =>
        jobs.Where(j => j.State is JobState.Completed or JobState.Discarded).MaxBy(j => j.Id);

    /// <summary>A stale thing with no good copy at all is a problem only once the schedule has had <paramref name="limit"/> to make one.</summary>
    private static bool Due(AlertSituation situation, DateTimeOffset? newestGoodAt, TimeSpan limit) =>
        newestGoodAt is not null || (situation.ScheduleSince is { } since && situation.Now - since > limit);

    /// <summary>The last slot of <paramref name="schedule"/> at or before <paramref name="cutoff"/>, looking back in widening windows (cron has no "previous").</summary>
    private static DateTimeOffset? LastSlotAtOrBefore(CronSchedule schedule, DateTimeOffset cutoff)
    {
        for (var window = TimeSpan.FromMinutes(2); window <= LongestInterval * 4; window *= 4)
        {
            var slots = schedule.Between(cutoff - window, cutoff);
            if (slots.Count > 0)
            {
                return slots[^1];
            }
        }

        return null;
    }

    private static string Age(TimeSpan age) => StatusReporter.Age(age);

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Bytes(long bytes) => bytes >= 1L << 30
        ? $"{bytes / (double)(1L << 30):0.0} GiB"
        : $"{bytes / (double)(1L << 20):0.0} MiB";
}
