using Hourglass.Configuration;
using Hourglass.Scheduling;

namespace Hourglass.Tests.Scheduling;

public sealed class CronTierTests
{
    private static readonly DateTimeOffset Now = new(2025, 10, 25, 5, 39, 45, TimeSpan.Zero);

    [Fact]
    public void MostFrequent_DefaultTiers_IsHourly() =>
        Assert.Equal("hourly", CronTier.MostFrequent(CronTier.From(new HourglassOptions()), Now).Name);

    [Theory]
    [InlineData("0 * * * *", "2025-10-25T06:00:00Z")]
    [InlineData("0 1 * * *", "2025-10-26T01:00:00Z")]
    [InlineData("*/10 * * * * *", "2025-10-25T05:39:50Z")]
    public void NextAfter_FiveOrSixFields(string expression, string expected)
    {
        var tier = new CronTier("t", expression, CronTier.Parse(expression), TimeZoneInfo.Utc, 1);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), tier.NextAfter(Now));
    }

    [Theory]
    [InlineData("61 * * * *")]
    [InlineData("* * *")]
    [InlineData("")]
    public void TryParse_Invalid_NullWithReason(string expression)
    {
        Assert.Null(CronTier.TryParse(expression, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }
}
