using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Hourglass.Backups;
using Hourglass.Configuration;
using Hourglass.Retention;
using Hourglass.Storage;

namespace Hourglass.Tests.Retention;

/// <summary>The retention rules over random histories of complete and partial sets.</summary>
public sealed class RetentionPropertyTests
{
    private static readonly string[] Databases = ["singularity", "centralcloud", "genesis_db"];

    /// <summary>A history: per hour, whether the set is complete and, if partial, which databases dumped (bit mask).</summary>
    private static List<RetentionCandidate> History((bool Complete, byte Good)[] hours) =>
        hours.Select((h, i) =>
        {
            var id = SetId.For("hourly", new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i));
            var good = h.Complete ? Databases : Databases.Where((_, bit) => (h.Good & (1 << bit)) != 0 && (h.Good & 7) != 7).ToArray();
            // The high bits say which good dumps passed verification.
            var verified = good.Where((_, bit) => (h.Good & (8 << bit)) != 0).ToArray();
            return new RetentionCandidate(id, h.Complete ? CandidateKind.Complete : CandidateKind.Partial, good) { VerifiedDatabases = verified };
        }).ToList();

    [Property(MaxTest = 500)]
    public bool Plan_NeverKeepsMoreThanNComplete_UnlessANewestGoodOrVerifiedDumpRequiresIt(PositiveInt keep, (bool, byte)[] hours)
    {
        var plan = RetentionPlanner.Plan("hourly", History(hours), new RetentionPolicy(keep.Get % 8 + 1));
        var keptComplete = plan.Kept.Where(d => d.Set.Kind == CandidateKind.Complete).ToList();
        return keptComplete.Count <= plan.Policy.Keep
            || keptComplete.Skip(plan.Policy.Keep).All(d => d.Reason.StartsWith("newest ", StringComparison.Ordinal));
    }

    [Property(MaxTest = 500)]
    public bool Plan_NeverRemovesNewestGoodDumpOfAnyDatabase(PositiveInt keep, (bool, byte)[] hours)
    {
        var history = History(hours);
        var plan = RetentionPlanner.Plan("hourly", history, new RetentionPolicy(keep.Get % 8 + 1));
        var kept = plan.Kept.Select(d => d.Set.Id).ToHashSet();
        return Databases.All(db =>
            history.Where(c => c.GoodDatabases.Contains(db)).MaxBy(c => c.Id) is not { } newest || kept.Contains(newest.Id));
    }

    [Property(MaxTest = 500)]
    public bool Plan_NeverRemovesNewestVerifiedDumpOfAnyDatabase(PositiveInt keep, (bool, byte)[] hours)
    {
        var history = History(hours);
        var plan = RetentionPlanner.Plan("hourly", history, new RetentionPolicy(keep.Get % 8 + 1));
        var kept = plan.Kept.Select(d => d.Set.Id).ToHashSet();
        return Databases.All(db =>
            history.Where(c => c.VerifiedDatabases.Contains(db)).MaxBy(c => c.Id) is not { } newest || kept.Contains(newest.Id));
    }

    [Property(MaxTest = 500)]
    public bool Plan_PartialSetsNeverDisplaceCompleteOnes(PositiveInt keep, (bool, byte)[] hours)
    {
        var history = History(hours);
        var n = keep.Get % 8 + 1;
        var plan = RetentionPlanner.Plan("hourly", history, new RetentionPolicy(n));
        var newestComplete = history.Where(c => c.Kind == CandidateKind.Complete).OrderByDescending(c => c.Id).Take(n);
        var kept = plan.Kept.Select(d => d.Set.Id).ToHashSet();
        return newestComplete.All(c => kept.Contains(c.Id));
    }

    [Property(MaxTest = 300)]
    public bool Plan_GivesEveryFolderExactlyOneVerdictWithAReason(PositiveInt keep, (bool, byte)[] hours)
    {
        var history = History(hours);
        var plan = RetentionPlanner.Plan("hourly", history, new RetentionPolicy(keep.Get % 8 + 1));
        return plan.Decisions.Count == history.Count && plan.Decisions.All(d => d.Reason.Length > 0);
    }
}
