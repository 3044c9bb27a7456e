using System.Threading.Channels;
using Hourglass.Configuration;
using Hourglass.Hosting;
using Hourglass.Ledger;
using Hourglass.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hourglass.Tests.Scheduling;

public sealed class WorkerTests
{
    private static readonly SchedulerOptions Scheduler = new() { PollInterval = TimeSpan.FromSeconds(5) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_NothingToClaim_LooksAgainEveryPollIntervalOfTheInjectedClock()
    {
        var time = new WatchedClock();
        var ledger = new ScriptedLedger(time);
        using var stopping = new CancellationTokenSource();
        var start = time.GetUtcNow();
        var running = Task.Run(() => Worker(ledger, time).RunAsync(stopping.Token), Ct);

        var claims = new List<DateTimeOffset>();
        for (var i = 0; i < 3; i++)
        {
            claims.Add((await ledger.NextCallAsync(Ct)).At);
            await time.TimersCreated.Reader.ReadAsync(Ct); // the worker is waiting now
            time.Advance(Scheduler.PollInterval - TimeSpan.FromMilliseconds(1));
            Assert.False(ledger.Calls.Reader.TryRead(out _));
            time.Advance(TimeSpan.FromMilliseconds(1));
        }

        await ledger.NextCallAsync(Ct);
        await stopping.CancelAsync();
        await running;

        Assert.Equal([start, start + Scheduler.PollInterval, start + (2 * Scheduler.PollInterval)], claims);
    }

    private static Worker Worker(ScriptedLedger ledger, TimeProvider time)
    {
        // The same registrations as `hourglass serve`, with the scripted ledger, the fake clock and short intervals.
        var options = new HourglassOptions { BackupRoot = Path.Combine(Path.GetTempPath(), "hourglass-worker-tests-unused") };
        var services = new ServiceCollection()
            .AddSingleton(time)
            .AddSingleton(typeof(ILogger<>), typeof(NullLogger<>))
            .AddHourglassCore(options)
            .AddHourglassDaemon()
            .AddSingleton<IJobLedger>(ledger)
            .AddSingleton(Scheduler);
        return services.BuildServiceProvider().GetRequiredService<Worker>();
    }

    /// <summary>A fake clock that says when something starts waiting on it, so a test advances it only once the wait is set.</summary>
    private sealed class WatchedClock : FakeTimeProvider
    {
        public Channel<TimeSpan> TimersCreated { get; } = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            TimersCreated.Writer.TryWrite(dueTime);
            return timer;
        }
    }
}
