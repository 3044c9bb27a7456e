using System.Threading.Channels;
using Hourglass.Backups;
using Hourglass.Configuration;
using Hourglass.Restores;
using Hourglass.Retention;
using Hourglass.Scheduling;
using Hourglass.Storage;
using Hourglass.Verification;
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
        var options = new HourglassOptions { BackupRoot = Path.Combine(Path.GetTempPath(), "hourglass-worker-tests-unused") };
        var store = new BackupStore(options.BackupRoot, time);
        var pruner = new Pruner(store, [], NullLogger<Pruner>.Instance);
        var runner = new JobRunner(
            new BackupRunner(options, store, pruner, time, NullLogger<BackupRunner>.Instance),
            new RestoreRunner(options, store, NullLogger<RestoreRunner>.Instance),
            pruner,
            new SetVerifier(options, store, time, NullLogger<SetVerifier>.Instance));
        var ticker = new CronTicker(options, ledger, time, NullLogger<CronTicker>.Instance);
        return new Worker(ledger, runner, ticker, Scheduler, new NodeIdentity(time), time, NullLogger<Worker>.Instance);
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
