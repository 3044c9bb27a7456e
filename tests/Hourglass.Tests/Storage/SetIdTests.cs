using Hourglass.Storage;

namespace Hourglass.Tests.Storage;

public sealed class SetIdTests
{
    [Fact]
    public void For_UsesUtcStartTimeInTheFolderName()
    {
        var id = SetId.For("hourly", new DateTimeOffset(2025, 10, 25, 7, 39, 45, TimeSpan.FromHours(2)));

        Assert.Equal("hourly/backup_20251025_053945", id.ToString());
        Assert.Equal(new DateTimeOffset(2025, 10, 25, 5, 39, 45, TimeSpan.Zero), id.StartedAt);
    }

    [Theory]
    [InlineData("daily/backup_20251025_010000", null, "daily/backup_20251025_010000")]
    [InlineData("backup_20251025_010000", "daily", "daily/backup_20251025_010000")]
    [InlineData("backup_20251025_010000", null, null)]
    [InlineData("daily/backup_2025", null, null)]
    [InlineData("daily/backup_20251025_010000.partial", null, null)]
    public void TryParse_AcceptsOnlySetIds(string text, string? tier, string? expected) =>
        Assert.Equal(expected, SetId.TryParse(text, tier)?.ToString());

    [Fact]
    public void Next_IsOneSecondLater() =>
        Assert.Equal("hourly/backup_20251025_060000", SetId.For("hourly", new DateTimeOffset(2025, 10, 25, 5, 59, 59, TimeSpan.Zero)).Next().ToString());

    [Fact]
    public void CompareTo_OrdersByTime() =>
        Assert.True(SetId.TryParse("a/backup_20251025_010000", null)!.CompareTo(SetId.TryParse("b/backup_20251025_020000", null)) < 0);

    [Theory]
    [InlineData("../backup_20251025_053945")]
    [InlineData("Old.Tier/backup_20251025_053945")]
    [InlineData("/backup_20251025_053945")]
    public void TryParse_TierThatIsNotATierName_Null(string text) => Assert.Null(SetId.TryParse(text, null));
}
