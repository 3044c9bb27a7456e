using Hourglass.Configuration;
using Hourglass.Ledger;
using Hourglass.Storage;

namespace Hourglass.Health;

/// <summary>
/// Builds the status from the files (newest good backup of each database) and the ledger (jobs, nodes), so
/// <c>hourglass status</c> works as a monitoring check: a database whose newest good backup is older than
/// <c>staleAfter</c> (default twice its most frequent tier's interval), or no node heartbeat in the last
/// <see cref="NodeTimeout"/>, is a problem. So is, per target, a database whose newest good copy there is older than
/// the target's <c>staleAfter</c>, or a target that cannot be listed: an off-site copy nobody checks is no copy.
/// </summary>
public sealed class StatusReporter(HourglassOptions options, TierList tiers, SetStores stores, IJobLedger ledger)
{
    /// <summary>A node whose last heartbeat is older than this is taken for dead.</summary>
    public static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(2);

    public async Task<StatusReport> ReportAsync(CancellationToken cancellationToken) =>
        await ReportAsync(await stores.Local.ListSetsAsync(null, cancellationToken), cancellationToken);

    /// <summary>The status over <paramref name="sets"/>, the local root's sets as a caller has just listed them (newest first), so it need not read every manifest again.</summary>
    public async Task<StatusReport> ReportAsync(IReadOnlyList<StoredSet> sets, CancellationToken cancellationToken)
    {
        var now = await ledger.NowAsync(cancellationToken);
        var staleAfter = options.StaleAfter ?? tiers.Min(t => t.Schedule.IntervalAfter(now)) * 2;
        var store = stores.Local;
        var backups = (await ledger.ListAsync(new JobQuery(Kind: JobKind.Backup, Limit: 500), cancellationToken)).ToList();
        var problems = new List<string>();
        var failing = new HashSet<string>(StringComparer.Ordinal);

        var lastJobs = tiers.ToDictionary(t => t.Name, t => backups.FirstOrDefault(j => j.CronName == t.Name || JobJson.Deserialize<BackupArgs>(j.Args).Tier == t.Name));
        var lastErrors = await ledger.LastErrorsAsync(lastJobs.Values.OfType<Job>().Select(j => j.Id).ToList(), cancellationToken);
        var tierStatuses = new List<TierStatus>();
        foreach (var tier in tiers)
        {
            var last = lastJobs[tier.Name];
            var error = last is null ? null : lastErrors.GetValueOrDefault(last.Id);
            var tierSets = sets.Where(s => s.Id.Tier == tier.Name).ToList();
            tierStatuses.Add(new TierStatus(
                tier.Name,
                tier.Schedule.Expression,
                tier.Schedule.NextAfter(now),
                last?.Id,
                last?.State.ToString().ToLowerInvariant(),
                last?.FinishedAt ?? last?.AttemptedAt ?? last?.ScheduledAt,
                error,
                tierSets.Count,
                tierSets.Sum(s => s.Bytes)));
        }

        var databases = new List<DatabaseStatus>();
        foreach (var database in options.Databases)
        {
            var newest = SetQueries.NewestGood(sets, database);
            var at = newest?.Manifest?.StartedAt;
            var stale = at is null || now - at > staleAfter;
            if (stale)
            {
                failing.Add(database);
                problems.Add(at is null
                    ? $"{database} has no good backup"
                    : $"{database}'s newest good backup ({newest!.Id}) is {Age(now - at.Value)} old, more than {Age(staleAfter)}");
            }

            var (verification, verifiedAt, lastPassed) = LastVerification(sets, database);
            var verificationStale = lastPassed is null || now - lastPassed > options.VerifyStaleAfter;
            if (verification == "failed")
            {
                failing.Add(database);
                problems.Add($"{database}: the last verification ({verifiedAt:u}) FAILED; see `hourglass list --db {database}` and `hourglass verify`");
            }
            else if (verificationStale && options.RequireVerified)
            {
                failing.Add(database);
                problems.Add($"{database} has no verification that passed in the last {Age(options.VerifyStaleAfter)} (requireVerified is on): run `hourglass verify --restore`");
            }

            var (proof, provenAt, restoreDuration) = LastProof(sets, database);
            databases.Add(new DatabaseStatus(database, newest?.Id.ToString(), at, staleAfter, stale, verification, verifiedAt, verificationStale, provenAt, restoreDuration) { Proof = proof });
        }

        var nodes = (await ledger.NodesAsync(cancellationToken)).Select(n => NodeStatus.From(n, now)).ToList();
        if (!nodes.Any(n => n.Alive))
        {
            problems.Add($"no node has sent a heartbeat in the last {Age(NodeTimeout)}: is `hourglass serve` running?");
        }

        var targets = new List<TargetStatus>();
        foreach (var target in stores.Targets)
        {
            targets.Add(await TargetStatusAsync(target, now, problems, failing, cancellationToken));
        }

        return new StatusReport(now, tierStatuses, databases, nodes, await store.FreeBytesAsync(cancellationToken), problems) { Targets = targets, FailingDatabases = failing };
    }

    private async Task<TargetStatus> TargetStatusAsync(Target target, DateTimeOffset now, List<string> problems, HashSet<string> failing, CancellationToken cancellationToken)
    {
        var store = stores.Target(target);
        IReadOnlyList<StoredSet> copies;
        try
        {
            copies = await store.ListSetsAsync(null, cancellationToken);
        }
        catch (HourglassException e)
        {
            problems.Add($"target '{target.Name}' cannot be listed: {e.Message}");
            return new TargetStatus(target.Name, store.Location, [], e.Message);
        }

        var databases = new List<CopyStatus>();
        foreach (var database in options.Databases)
        {
            var newest = SetQueries.NewestGood(copies.Where(c => target.Takes(c.Id.Tier)), database);
            var at = newest?.Manifest?.StartedAt;
            var stale = at is null || now - at > target.StaleAfter;
            if (stale)
            {
                failing.Add(database);
                problems.Add(at is null
                    ? $"{database} has no good copy on target '{target.Name}'"
                    : $"{database}'s newest good copy on target '{target.Name}' ({newest!.Id}) is {Age(now - at.Value)} old, more than {Age(target.StaleAfter)}");
            }

            databases.Add(new CopyStatus(database, newest?.Id.ToString(), at, target.StaleAfter, stale));
        }

        return new TargetStatus(target.Name, store.Location, databases, null);
    }

    /// <summary>
    /// The newest verification of a set holding <paramref name="database"/>'s dump, and when one last passed. A set's
    /// verification passes or fails as a whole (a missing globals file fails it), as <c>list</c> shows it.
    /// </summary>
    private static (string? Status, DateTimeOffset? At, DateTimeOffset? LastPassed) LastVerification(IReadOnlyList<StoredSet> sets, string database)
    {
        var checks = sets
            .Select(s => s.Manifest?.Verification)
            .OfType<SetVerification>()
            .Where(v => v.Files.Any(f => f.Database == database))
            .Select(v => (v.At, Passed: v.Status == VerificationStatus.Passed))
            .OrderByDescending(c => c.At)
            .ToList();
        return checks.Count == 0
            ? (null, null, null)
            : (checks[0].Passed ? "passed" : "failed", checks[0].At, checks.Where(c => c.Passed).Select(c => (DateTimeOffset?)c.At).FirstOrDefault());
    }

    /// <summary>
    /// How <paramref name="database"/>'s dumps were last shown to be good: the newest passed check of its file (by a
    /// test restore, or by checksums only), and the newest passed test restore with how long it took (the RTO).
    /// </summary>
    private static (string? Proof, DateTimeOffset? ProvenAt, TimeSpan? RestoreDuration) LastProof(IReadOnlyList<StoredSet> sets, string database)
    {
        var passed = sets
            .Select(s => s.Manifest?.Verification)
            .OfType<SetVerification>()
            .SelectMany(v => v.Files.Where(f => f.Database == database && f.Problems.Count == 0).Select(f => (v.At, v.Restore, f.DurationMs)))
            .OrderByDescending(c => c.At)
            .ToList();
        if (passed.Count == 0)
        {
            return (null, null, null);
        }

        var restored = passed.Where(c => c.Restore).Select(c => ((DateTimeOffset, long)?)(c.At, c.DurationMs)).FirstOrDefault();
        return (passed[0].Restore ? "restore" : "checksums", restored?.Item1, restored is { } r ? TimeSpan.FromMilliseconds(r.Item2) : null);
    }

    /// <summary>A duration, coarsely, as tables and messages show it: <c>45s</c>, <c>12m</c>, <c>5h</c>, <c>3d</c>.</summary>
    public static string Age(TimeSpan age) =>
        age.TotalMinutes < 2 ? $"{Math.Max(0, (int)age.TotalSeconds)}s"
        : age.TotalHours < 2 ? $"{(int)age.TotalMinutes}m"
        : age.TotalDays < 2 ? $"{(int)age.TotalHours}h"
        : $"{(int)age.TotalDays}d";

    private static readonly string[] SizeUnits = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>A size as tables and pages show it, in powers of 1024: <c>512 B</c>, <c>1.5 KiB</c>, <c>231 MiB</c>.</summary>
    public static string Size(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < SizeUnits.Length - 1)
        {
            value /= 1024;
            unit++;
        }

        return unit == 0 ? $"{bytes} B" : value.ToString(value >= 100 ? "0" : "0.0", System.Globalization.CultureInfo.InvariantCulture) + " " + SizeUnits[unit];
    }
}
