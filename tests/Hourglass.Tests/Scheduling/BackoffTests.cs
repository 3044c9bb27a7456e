using FsCheck;
using FsCheck.Xunit;
using Hourglass.Scheduling;

namespace Hourglass.Tests.Scheduling;

public sealed class BackoffTests
{
    [Theory]
    [InlineData(1, 30)]
    [InlineData(2, 60)]
    [InlineData(3, 120)]
    [InlineData(5, 480)]
    [InlineData(6, 900)]
    [InlineData(40, 900)]
    public void Delay_WithoutJitter_DoublesFrom30SecondsUpTo15Minutes(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Backoff.Delay(attempt, 0));

    [Property]
    public bool Delay_JitterAddsAtMostTenPercent(PositiveInt attempt, NormalFloat jitter)
    {
        var unit = Math.Abs(jitter.Get % 1);
        var plain = Backoff.Delay(attempt.Get, 0);
        var jittered = Backoff.Delay(attempt.Get, unit);
        return jittered >= plain && jittered <= plain * 1.1;
    }

    [Property]
    public bool Delay_NeverShrinksAsAttemptsGrow(PositiveInt attempt) =>
        Backoff.Delay(attempt.Get + 1, 0) >= Backoff.Delay(attempt.Get, 0);

    [Fact]
    public void IsSuperseded_RetryAfterTheNextSlot()
    {
        var now = new DateTimeOffset(2025, 10, 25, 5, 0, 0, TimeSpan.Zero);

        Assert.True(Backoff.IsSuperseded(now.AddMinutes(61), now.AddHours(1)));
        Assert.False(Backoff.IsSuperseded(now.AddMinutes(1), now.AddHours(1)));
        Assert.False(Backoff.IsSuperseded(now.AddMinutes(1), null));
    }
}
