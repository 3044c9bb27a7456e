using Hourglass.Configuration;
using Hourglass.Scheduling;
using Hourglass.Storage;

namespace Hourglass.Tests.Scheduling;

/// <summary>Which local sets a target is due: new ones in order, never the history, the newest when it cannot be listed.</summary>
public sealed class CopyPlannerTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    private static Target Target(params string[] tiers)
    {
        var options = new HourglassOptions
        {
            Databases = ["a"],
            Targets = { ["offsite"] = new TargetOptions { Bucket = "b", Tiers = tiers.ToDictionary(t => t, _ => new TargetTierOptions { Keep = 3 }) } },
        };
        return TargetList.From(options, TierList.From(options), Start).Single();
    }

    private static StoredSet Set(string tier, int hour, bool good = true) =>
        new(SetId.For(tier, Start.AddHours(hour)), new Manifest
        {
            Id = SetId.For(tier, Start.AddHours(hour)).ToString(),
            Tier = tier,
            StartedAt = Start.AddHours(hour),
            FinishedAt = Start.AddHours(hour),
            Status = good ? SetStatus.Complete : SetStatus.Partial,
            Server = new ServerInfo("localhost", 5432, "15"),
            Node = "n",
            Databases = [new DatabaseDump { Name = "a", File = "a.sql.zst", Compression = "zstd", Status = good ? DumpStatus.Ok : DumpStatus.Failed }],
        }, null, 1, "");

    private static IReadOnlyList<StoredSet> Newest(params StoredSet[] sets) => [.. sets.OrderByDescending(s => s.Id)];

    [Fact]
    public void Due_TargetWithoutCopiesOfATier_GetsOnlyTheNewestSet()
    {
        var due = CopyPlanner.Due(Target("hourly"), Newest(Set("hourly", 0), Set("hourly", 1), Set("hourly", 2)), copies: []);

        Assert.Equal([SetId.For("hourly", Start.AddHours(2))], due);
    }

    [Fact]
    public void Due_TargetBehind_GetsEverySetNewerThanItsNewestCopy_OldestFirst()
    {
        var due = CopyPlanner.Due(Target("hourly"), Newest(Set("hourly", 0), Set("hourly", 1), Set("hourly", 2), Set("hourly", 3)), copies: [Set("hourly", 1)]);

        Assert.Equal([SetId.For("hourly", Start.AddHours(2)), SetId.For("hourly", Start.AddHours(3))], due);
    }

    [Fact]
    public void Due_TargetUpToDate_GetsNothing() =>
        Assert.Empty(CopyPlanner.Due(Target("hourly"), Newest(Set("hourly", 0), Set("hourly", 1)), copies: [Set("hourly", 1)]));

    [Fact]
    public void Due_TierTheTargetDoesNotTake_NeverCopied() =>
        Assert.Empty(CopyPlanner.Due(Target("daily"), Newest(Set("hourly", 0), Set("hourly", 1)), copies: []));

    [Fact]
    public void Due_SetWithoutAGoodDump_NotCopied() =>
        Assert.Equal([SetId.For("hourly", Start.AddHours(0))], CopyPlanner.Due(Target("hourly"), Newest(Set("hourly", 0), Set("hourly", 1, good: false)), copies: []));

    [Fact]
    public void Due_TargetThatCannotBeListed_GetsTheNewestSetSoItsJobShowsTheFailure() =>
        Assert.Equal([SetId.For("hourly", Start.AddHours(1))], CopyPlanner.Due(Target("hourly"), Newest(Set("hourly", 0), Set("hourly", 1)), copies: null));

    [Fact]
    public void Due_EachTierPlannedOnItsOwn()
    {
        var due = CopyPlanner.Due(Target("daily", "hourly"), Newest(Set("hourly", 0), Set("hourly", 1), Set("daily", 1)), copies: [Set("hourly", 0)]);

        Assert.Equal([SetId.For("daily", Start.AddHours(1)), SetId.For("hourly", Start.AddHours(1))], due);
    }
}
