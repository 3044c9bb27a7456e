using Hourglass.Configuration;
using Hourglass.Scheduling;

namespace Hourglass.Tests.Scheduling;

public sealed class CronSlotsTests
{
    private static readonly TierList Defaults = TierList.From(new HourglassOptions());

    private static CronSchedule Tier(string name) => Defaults.Get(name).Schedule;

    private static DateTimeOffset At(int day, int hour, int minute, int second = 0) => new(2025, 10, day, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public void Decide_FirstStart_RecordsNowAndDoesNotBackfill()
    {
        var decision = CronSlots.Decide(Tier("hourly"), lastSlot: null, At(25, 5, 30), CatchUpPolicy.Latest);

        Assert.Null(decision.Run);
        Assert.Empty(decision.Skipped);
        Assert.Equal(At(25, 5, 30), decision.LastSlot);
    }

    [Fact]
    public void Decide_MatchingTick_RunsTheSlot()
    {
        var decision = CronSlots.Decide(Tier("hourly"), At(25, 4, 0), At(25, 5, 0, 2), CatchUpPolicy.Latest);

        Assert.Equal(At(25, 5, 0), decision.Run);
        Assert.False(decision.CaughtUp);
        Assert.Equal(At(25, 5, 0), decision.LastSlot);
    }

    [Fact]
    public void Decide_NonMatchingTick_RunsNothing()
    {
        var decision = CronSlots.Decide(Tier("hourly"), At(25, 5, 0), At(25, 5, 31), CatchUpPolicy.Latest);

        Assert.Null(decision.Run);
        Assert.Equal(At(25, 5, 0), decision.LastSlot);
    }

    [Fact]
    public void Decide_DownFrom0030To0530_OneHourlyAt0500AndOneDailyAt0100()
    {
        var hourly = CronSlots.Decide(Tier("hourly"), At(25, 0, 0), At(25, 5, 30), CatchUpPolicy.Latest);
        var daily = CronSlots.Decide(Tier("daily"), At(24, 1, 0), At(25, 5, 30), CatchUpPolicy.Latest);

        Assert.Equal((At(25, 5, 0), true), (hourly.Run, hourly.CaughtUp));
        Assert.Equal([At(25, 1, 0), At(25, 2, 0), At(25, 3, 0), At(25, 4, 0)], hourly.Skipped);
        Assert.Equal((At(25, 1, 0), true), (daily.Run, daily.CaughtUp));
        Assert.Empty(daily.Skipped);
    }

    [Fact]
    public void Decide_CatchUpNone_SkipsEveryMissedSlot()
    {
        var decision = CronSlots.Decide(Tier("hourly"), At(25, 0, 0), At(25, 5, 30), CatchUpPolicy.None);

        Assert.Null(decision.Run);
        Assert.Equal(5, decision.Skipped.Count);
        Assert.Equal(At(25, 5, 0), decision.LastSlot);
    }

    [Theory]
    [InlineData("2025-10-26")] // Europe/Berlin falls back: 02:00-03:00 happens twice
    [InlineData("2025-03-30")] // Europe/Berlin springs forward: 02:00-03:00 never happens
    public void Between_DailySlotInDaylightSavingZone_RunsOnceOnTheChangeDay(string day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var schedule = CronSchedule.Parse("30 2 * * *", zone);
        var start = DateTimeOffset.Parse(day + "T00:00:00+00:00", System.Globalization.CultureInfo.InvariantCulture).AddHours(-3);

        var slots = schedule.Between(start, start.AddHours(24));

        Assert.Single(slots);
    }

    [Fact]
    public void Decide_EveryTickOfADayWithAFakeClock_RunsEachHourlySlotExactlyOnce()
    {
        var last = (DateTimeOffset?)null;
        var runs = new List<DateTimeOffset>();
        for (var now = At(25, 0, 0, 7); now < At(26, 0, 0); now = now.AddMinutes(1))
        {
            var decision = CronSlots.Decide(Tier("hourly"), last, now, CatchUpPolicy.Latest);
            runs.AddRange(decision.Run is { } run ? [run] : []);
            last = decision.LastSlot;
        }

        Assert.Equal(Enumerable.Range(1, 23).Select(h => At(25, h, 0)), runs);
    }
}
