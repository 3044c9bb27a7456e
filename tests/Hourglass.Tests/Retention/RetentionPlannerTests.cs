using Hourglass.Backups;
using Hourglass.Configuration;
using Hourglass.Retention;
using Hourglass.Storage;

namespace Hourglass.Tests.Retention;

public sealed class RetentionPlannerTests
{
    private static readonly string[] All = ["a", "b", "c"];

    private static RetentionCandidate Complete(int hour) => new(Id(hour), CandidateKind.Complete, All);

    private static RetentionCandidate Partial(int hour, params string[] good) => new(Id(hour), CandidateKind.Partial, good);

    private static SetId Id(int hour) => SetId.For("hourly", new DateTimeOffset(2025, 10, 25, 0, 0, 0, TimeSpan.Zero).AddHours(hour));

    private static Dictionary<int, string> Verdicts(RetentionPlan plan) =>
        plan.Decisions.ToDictionary(d => d.Set.Id.StartedAt.Hour, d => (d.Keep ? "keep: " : "remove: ") + d.Reason);

    [Fact]
    public void Plan_KeepsNewestNCompleteSets_RemovesOlderWithReason()
    {
        var plan = RetentionPlanner.Plan("hourly", Enumerable.Range(0, 5).Select(Complete), new RetentionPolicy(3));

        Assert.Equal(
            new Dictionary<int, string>
            {
                [4] = "keep: one of the newest 3 complete sets",
                [3] = "keep: one of the newest 3 complete sets",
                [2] = "keep: one of the newest 3 complete sets",
                [1] = "remove: older than the newest 3 complete sets",
                [0] = "remove: older than the newest 3 complete sets",
            },
            Verdicts(plan));
    }

    [Fact]
    public void Plan_PartialSetsDoNotCountTowardKeep()
    {
        var plan = RetentionPlanner.Plan("hourly", [Complete(0), Complete(1), Partial(2, "a", "b"), Partial(3, "a", "b")], new RetentionPolicy(2));

        Assert.All(plan.Decisions.Where(d => d.Set.Kind == CandidateKind.Complete), d => Assert.True(d.Keep));
    }

    [Fact]
    public void Plan_KeepsNewestGoodDumpOfEveryDatabase_EvenBeyondKeep()
    {
        // "c" last dumped well at hour 1; every newer set failed it.
        var plan = RetentionPlanner.Plan("hourly", [Complete(0), Partial(1, "b", "c"), Partial(2, "a", "b"), Partial(3, "a", "b"), Complete(4) with { GoodDatabases = ["a", "b"], Kind = CandidateKind.Partial }], new RetentionPolicy(1));

        var verdicts = Verdicts(plan);
        Assert.Equal("keep: newest good dump of a, b", verdicts[4]);
        Assert.Equal("remove: partial and older than the newest 1 sets", verdicts[3]);
        Assert.Equal("remove: partial and older than the newest 1 sets", verdicts[2]);
        Assert.Equal("keep: newest good dump of c", verdicts[1]);
        Assert.Equal("keep: one of the newest 1 complete sets", verdicts[0]);
    }

    [Fact]
    public void Plan_PartialAmongNewestSets_KeptSoHealthyDatabasesKeepRecentHistory()
    {
        var plan = RetentionPlanner.Plan("hourly", [Complete(0), Complete(1), Partial(2, "a"), Partial(3, "a")], new RetentionPolicy(3));

        var verdicts = Verdicts(plan);
        Assert.Equal("keep: newest good dump of a", verdicts[3]);
        Assert.Equal("keep: partial, but among the newest 3 sets", verdicts[2]);
        Assert.Equal("keep: one of the newest 3 complete sets", verdicts[1]);
    }

    [Theory]
    [InlineData(CandidateKind.InProgress, true, "being written by a running backup")]
    [InlineData(CandidateKind.Unfinished, false, "unfinished set left by an interrupted backup")]
    [InlineData(CandidateKind.Deleting, false, "left over from an interrupted prune")]
    [InlineData(CandidateKind.Unreadable, true, "no readable manifest; left for a person to look at")]
    public void Plan_FoldersThatAreNotFinishedSets_HandledByKind(CandidateKind kind, bool keep, string reason)
    {
        var plan = RetentionPlanner.Plan("hourly", [new RetentionCandidate(Id(0), kind, []), Complete(1)], new RetentionPolicy(1));

        var decision = plan.Decisions.Single(d => d.Set.Kind == kind);
        Assert.Equal(keep, decision.Keep);
        Assert.Equal(reason, decision.Reason);
    }

    [Fact]
    public void Plan_KeepBelowOne_Throws() =>
        Assert.Throws<ArgumentException>(() => RetentionPlanner.Plan("hourly", [], new RetentionPolicy(0)));

    [Fact]
    public void Plan_CalendarKeeps_AYearOfDailySetsCostsAtMost27()
    {
        var start = new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.Zero);
        var year = Enumerable.Range(0, 365).Select(day => new RetentionCandidate(SetId.For("daily", start.AddDays(day)), CandidateKind.Complete, ["a"]));

        var plan = RetentionPlanner.Plan("daily", year, new RetentionPolicy(0, Daily: 7, Weekly: 8, Monthly: 12));

        Assert.InRange(plan.Kept.Count(), 20, 27);
        Assert.Equal("newest complete set of day 2025-12-31, week 2026-W01, month 2025-12", plan.Decisions[0].Reason);
    }

    [Fact]
    public void Plan_CalendarKeeps_DaysAreThoseOfTheTimeZone()
    {
        // 23:30 UTC on the 1st and 00:30 UTC on the 2nd are both the 2nd in Berlin: one day, one set kept.
        var sets = new[] { new DateTimeOffset(2025, 6, 1, 23, 30, 0, TimeSpan.Zero), new DateTimeOffset(2025, 6, 2, 0, 30, 0, TimeSpan.Zero) }
            .Select(at => new RetentionCandidate(SetId.For("daily", at), CandidateKind.Complete, []));

        var utc = RetentionPlanner.Plan("daily", sets, new RetentionPolicy(0, Daily: 2));
        var berlin = RetentionPlanner.Plan("daily", sets, new RetentionPolicy(0, Daily: 2), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin"));

        Assert.Equal((2, 1), (utc.Kept.Count(), berlin.Kept.Count()));
    }

    [Fact]
    public void Plan_CalendarKeeps_RemovedSetNamesThePolicy()
    {
        var sets = Enumerable.Range(0, 3).Select(hour => new RetentionCandidate(SetId.For("hourly", new DateTimeOffset(2025, 6, 1, hour, 0, 0, TimeSpan.Zero)), CandidateKind.Complete, []));

        var plan = RetentionPlanner.Plan("hourly", sets, new RetentionPolicy(1, Daily: 1));

        Assert.Equal(["one of the newest 1 complete sets", "not kept by keep last 1, daily 1", "not kept by keep last 1, daily 1"], plan.Decisions.Select(d => d.Reason));
    }

    [Fact]
    public void Plan_KeepsNewestVerifiedDumpOfEveryDatabase_EvenWhenNewerUnverifiedSetsExist()
    {
        var plan = RetentionPlanner.Plan("hourly", [Complete(0) with { VerifiedDatabases = ["a", "b", "c"] }, Complete(1) with { VerifiedDatabases = ["a"] }, Complete(2), Complete(3)], new RetentionPolicy(2));

        var verdicts = Verdicts(plan);
        Assert.Equal("keep: newest verified dump of b, c", verdicts[0]);
        Assert.Equal("keep: newest verified dump of a", verdicts[1]);
        Assert.Equal("keep: one of the newest 2 complete sets", verdicts[2]);
    }
}
