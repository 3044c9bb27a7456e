using Hourglass.Configuration;
using Hourglass.Storage;

namespace Hourglass.Ledger;

/// <summary>A cron slot a job was made for: the schedule's name, the slot, and whether it runs late after downtime.</summary>
public sealed record CronSlot(string Name, DateTimeOffset At, bool CaughtUp)
{
    /// <summary>The trigger a job of this slot records: <c>cron</c> or <c>catch-up</c>.</summary>
    public string Trigger => CaughtUp ? "catch-up" : "cron";
}

/// <summary>
/// Every job the ledger receives is built here, from the schedule (a <see cref="CronSlot"/>) or from a person
/// (<c>enqueue</c>, and later the API), so both agree on arguments, the databases a job locks, attempts and keys.
/// A job from a slot is made unique by its (cron name, slot); a manual job by a key naming what it does, so a double
/// click answers "already queued".
/// </summary>
public sealed class JobFactory(HourglassOptions options, TierList tiers)
{
    /// <summary>The cron name of scheduled verification of <paramref name="tier"/>. Tier names cannot hold '/', so it never collides with a tier's.</summary>
    public static string VerifyCronName(string tier) => $"verify/{tier}";

    /// <summary>A backup set of <paramref name="tier"/> (null: the tier that runs most often) over <paramref name="databases"/> (null: all).</summary>
    public NewJob Backup(string? tier, IReadOnlyList<string>? databases, DateTimeOffset now, CronSlot? slot = null)
    {
        var chosen = tiers.NamedOrMostFrequent(tier, now).Name;
        var selected = databases is { Count: > 0 } ? options.SelectDatabases(databases) : null;
        return Job(JobKind.Backup, JobJson.Serialize(new BackupArgs(chosen, selected)), selected ?? [.. options.Databases], slot) with
        {
            UniqueKey = slot is null ? $"backup:{chosen}:{string.Join(",", selected ?? ["*"])}" : null,
        };
    }

    /// <summary>
    /// A verification. One that could not run (a server down) is retried like any job; one that found problems is a
    /// finding and fails for good (<see cref="HourglassException.IsDataFault"/>).
    /// </summary>
    public NewJob Verify(VerifyArgs args, CronSlot? slot = null)
    {
        tiers.EnsureKnown(args.Tier);
        return Job(JobKind.Verify, JobJson.Serialize(args), [.. options.Databases], slot) with
        {
            UniqueKey = slot is null ? $"verify:{args.Target ?? ""}:{args.Tier ?? "*"}:{args.Set}:{args.Restore}" : null,
        };
    }

    /// <summary>A restore; it runs once, and locks only the database it writes.</summary>
    public NewJob Restore(RestoreArgs args)
    {
        tiers.EnsureKnown(args.Tier);
        var target = args.Into ?? args.Database;
        return Job(JobKind.Restore, JobJson.Serialize(args), [target], slot: null) with
        {
            MaxAttempts = 1,
            UniqueKey = $"restore:{args.Target ?? ""}:{args.Set}:{args.Database}:{target}",
        };
    }

    /// <summary>Retention of one tier, or of all when <paramref name="tier"/> is null.</summary>
    public NewJob Prune(string? tier, string? target = null)
    {
        tiers.EnsureKnown(tier);
        return Job(JobKind.Prune, JobJson.Serialize(new PruneArgs(tier, target)), [], slot: null) with { UniqueKey = $"prune:{target ?? ""}:{tier ?? "*"}" };
    }

    /// <summary>How many times a copy is tried before it is discarded: with the ledger's backoff, about two hours
    /// of a target being away. The copy planner queues it again after that, while the set is still missing there.</summary>
    public const int CopyAttempts = 12;

    /// <summary>
    /// A copy of the local set <paramref name="set"/> to <paramref name="target"/>, made after a backup
    /// (<paramref name="afterBackup"/>) or by a person. Every copy of one set to one target has one key, so however
    /// many nodes plan it, and whoever asks, one is queued or running at a time. Copies touch no database, so they
    /// lock none, and they yield to backups (a lower priority), so a copy never holds up the next set.
    /// </summary>
    public NewJob Copy(SetId set, string target, bool afterBackup) =>
        Job(JobKind.Copy, JobJson.Serialize(new CopyArgs(set.ToString(), target)), [], slot: null) with
        {
            Priority = 1,
            MaxAttempts = CopyAttempts,
            UniqueKey = CopyKey(set, target),
            Meta = JobJson.Serialize(new JobMeta { Trigger = afterBackup ? "backup" : "manual", SetId = set.ToString() }),
        };

    /// <summary>The key of every copy job of <paramref name="set"/> to <paramref name="target"/>.</summary>
    public static string CopyKey(SetId set, string target) => $"copy:{target}:{set}";

    /// <summary>The scheduled verification of the configured tier for <paramref name="slot"/>.</summary>
    public NewJob ScheduledVerify(string tier, CronSlot slot) =>
        Verify(new VerifyArgs(Tier: tier, Restore: options.Verify.Restore, CompleteOnly: true), slot);

    private static NewJob Job(JobKind kind, string args, IReadOnlyList<string> resources, CronSlot? slot) => new(kind, args)
    {
        CronName = slot?.Name,
        CronSlot = slot?.At,
        Resources = resources,
        Meta = JobJson.Serialize(new JobMeta { Trigger = slot?.Trigger ?? "manual" }),
    };
}
