using Hourglass.Configuration;

namespace Hourglass.Tests.Configuration;

public sealed class TierListTests
{
    private static readonly DateTimeOffset Now = new(2025, 10, 25, 5, 39, 45, TimeSpan.Zero);

    private static readonly TierList Defaults = TierList.From(new HourglassOptions());

    [Fact]
    public void NamedOrMostFrequent_NoName_IsTheTierThatRunsMostOften() =>
        Assert.Equal("hourly", Defaults.NamedOrMostFrequent(null, Now).Name);

    [Fact]
    public void NamedOrMostFrequent_Named_IsThatTier() =>
        Assert.Equal("daily", Defaults.NamedOrMostFrequent("daily", Now).Name);

    [Fact]
    public void Get_UnknownTier_UsageErrorNamingTheConfiguredTiers()
    {
        var error = Assert.Throws<HourglassException>(() => Defaults.Get("weekly"));

        Assert.Equal(ExitCode.Usage, error.ExitCode);
        Assert.Contains("use one of daily, hourly", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_DefaultTiers_CarryTheirRetention() =>
        Assert.Equal([new RetentionPolicy(7), new RetentionPolicy(6)], Defaults.Select(t => t.Retention));

    [Theory]
    [InlineData("0 * * * *", "2025-10-25T06:00:00Z")]
    [InlineData("0 1 * * *", "2025-10-26T01:00:00Z")]
    [InlineData("*/10 * * * * *", "2025-10-25T05:39:50Z")]
    public void CronSchedule_NextAfter_FiveOrSixFields(string expression, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), CronSchedule.Parse(expression, TimeZoneInfo.Utc).NextAfter(Now));

    [Theory]
    [InlineData("61 * * * *")]
    [InlineData("* * *")]
    [InlineData("")]
    public void CronSchedule_Problem_InvalidExpression_SaysWhy(string expression) =>
        Assert.False(string.IsNullOrEmpty(CronSchedule.Problem(expression)));

    [Fact]
    public void CronSchedule_Problem_ValidExpression_Null() => Assert.Null(CronSchedule.Problem("0 3 * * *"));
}
