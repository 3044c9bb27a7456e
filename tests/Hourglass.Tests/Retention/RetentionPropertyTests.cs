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

    /// <summary>A calendar history: sets at random gaps of 1–60 hours, some partial, some verified.</summary>
    private static List<RetentionCandidate> CalendarHistory((byte Gap, bool Complete, byte Good)[] sets)
    {
        var at = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var history = new List<RetentionCandidate>();
        foreach (var (gap, complete, good) in sets)
        {
            at = at.AddHours(gap % 60 + 1);
            var dumped = complete ? Databases : Databases.Where((_, bit) => (good & (1 << bit)) != 0).ToArray();
            var verified = dumped.Where((_, bit) => (good & (8 << bit)) != 0).ToArray();
            history.Add(new RetentionCandidate(SetId.For("daily", at), complete ? CandidateKind.Complete : CandidateKind.Partial, dumped) { VerifiedDatabases = verified });
        }

        return history;
    }

    private static RetentionPolicy Calendar(byte last, byte daily, byte weekly, byte monthly) =>
        new(last % 3, daily % 8 + 1, weekly % 9, monthly % 13);

    [Property(MaxTest = 500)]
    public bool Plan_CalendarKeeps_NeverKeepMoreCompleteSetsThanTheKeepsSay_ExceptNewestGoodOrVerified(byte last, byte daily, byte weekly, byte monthly, (byte, bool, byte)[] sets)
    {
        var policy = Calendar(last, daily, weekly, monthly);
        var plan = RetentionPlanner.Plan("daily", CalendarHistory(sets), policy);
        var byRule = plan.Kept.Count(d => d.Set.Kind == CandidateKind.Complete && !d.Reason.StartsWith("newest good", StringComparison.Ordinal) && !d.Reason.StartsWith("newest verified", StringComparison.Ordinal));
        return byRule <= policy.Keep + policy.Daily + policy.Weekly + policy.Monthly;
    }

    [Property(MaxTest = 500)]
    public bool Plan_CalendarKeeps_NeverRemoveTheNewestGoodOrVerifiedDumpOfAnyDatabase(byte last, byte daily, byte weekly, byte monthly, (byte, bool, byte)[] sets)
    {
        var history = CalendarHistory(sets);
        var plan = RetentionPlanner.Plan("daily", history, Calendar(last, daily, weekly, monthly));
        var kept = plan.Kept.Select(d => d.Set.Id).ToHashSet();
        return Databases.All(db =>
            (history.Where(c => c.GoodDatabases.Contains(db)).MaxBy(c => c.Id) is not { } good || kept.Contains(good.Id))
            && (history.Where(c => c.VerifiedDatabases.Contains(db)).MaxBy(c => c.Id) is not { } verified || kept.Contains(verified.Id)));
    }

    [Property(MaxTest = 500)]
    public bool Plan_CalendarKeeps_KeepTheNewestCompleteSetOfEachOfTheNewestDays(byte daily, (byte, bool, byte)[] sets)
    {
        var history = CalendarHistory(sets);
        var days = daily % 8 + 1;
        var plan = RetentionPlanner.Plan("daily", history, new RetentionPolicy(0, Daily: days));
        var kept = plan.Kept.Select(d => d.Set.Id).ToHashSet();
        var expected = history.Where(c => c.Kind == CandidateKind.Complete)
            .GroupBy(c => c.Id.StartedAt.UtcDateTime.Date)
            .OrderByDescending(g => g.Key)
            .Take(days)
            .Select(g => g.Max(c => c.Id)!);
        return expected.All(kept.Contains);
    }
}
