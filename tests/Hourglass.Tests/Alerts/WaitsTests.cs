using Hourglass.Alerts;
using Microsoft.Extensions.Logging;

namespace Hourglass.Tests.Alerts;

/// <summary>The alert loops' one rule: a round that throws is logged and the loop goes on; only its own shutdown ends it.</summary>
public sealed class WaitsTests
{
    private static string Redact(string text) => text.Replace("s3cret", "[secret]", StringComparison.Ordinal);

    [Fact]
    public async Task RoundAsync_UnexpectedException_IsLoggedWithItsTypeAndNoSecret_AndSwallowed()
    {
        var logger = new RecordingLogger();

        await Waits.RoundAsync(() => throw new InvalidOperationException("POST https://h.example/s3cret: broken"), "sender", logger, Redact, TestContext.Current.CancellationToken);

        var entry = Assert.Single(logger.Entries);
        Assert.Equal(1906, entry.Id);
        Assert.Equal("The alert sender loop's round failed (InvalidOperationException: POST https://h.example/[secret]: broken); the next round tries again", entry.Message);
    }

    [Fact]
    public async Task RoundAsync_CancellationThatIsNotShutdown_IsLoggedAndSwallowed()
    {
        var logger = new RecordingLogger();

        await Waits.RoundAsync(() => throw new TaskCanceledException("a client's own timeout"), "ping", logger, Redact, TestContext.Current.CancellationToken);

        Assert.Contains("TaskCanceledException", Assert.Single(logger.Entries).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoundAsync_ShutdownCancellation_EndsQuietly()
    {
        var logger = new RecordingLogger();
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        await Waits.RoundAsync(() => Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, stopping.Token), "monitor", logger, Redact, stopping.Token);

        Assert.Empty(logger.Entries);
    }

    [Fact]
    public async Task RoundAsync_ALoopWhoseRoundThrowsOnce_RunsItsNextRound()
    {
        var logger = new RecordingLogger();
        var rounds = 0;
        async Task Round()
        {
            await Task.Yield();
            if (++rounds == 1)
            {
                throw new NullReferenceException();
            }
        }

        for (var i = 0; i < 3; i++)
        {
            await Waits.RoundAsync(Round, "disk watch", logger, Redact, TestContext.Current.CancellationToken);
        }

        Assert.Equal(3, rounds);
        Assert.Single(logger.Entries);
    }

    private sealed class RecordingLogger : ILogger
    {
        public List<(int Id, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((eventId.Id, formatter(state, exception)));
    }
}
