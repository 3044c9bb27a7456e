using System.Threading.Channels;
using Hourglass.Configuration;
using Hourglass.Events;
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

    private static Job Prune(string args) => new() { Id = 9, Kind = JobKind.Prune, Args = args, State = JobState.Executing, Attempt = 1, MaxAttempts = 3 };

    /// <summary>Runs one claimed job through a worker and returns the events it published.</summary>
    private static async Task<List<HourglassEvent>> EventsOfOneJobAsync(ScriptedLedger ledger, Job job)
    {
        var time = new FakeTimeProvider();
        ledger.Queue(job);
        var services = Services(ledger, time);
        var seen = new List<HourglassEvent>();
        using var subscription = services.GetRequiredService<EventStream>().Subscribe(seen.Add);
        using var stopping = new CancellationTokenSource();
        var running = Task.Run(() => services.GetRequiredService<Worker>().RunAsync(stopping.Token), Ct);
        while ((await ledger.NextCallAsync(Ct)).Call is var call && !call.StartsWith(nameof(IJobLedger.CompleteAsync), StringComparison.Ordinal) && !call.StartsWith(nameof(IJobLedger.FailAsync), StringComparison.Ordinal))
        {
        }

        await stopping.CancelAsync();
        await running;
        return seen;
    }

    [Fact]
    public async Task Run_JobCompletes_PublishesJobStartedThenJobCompleted()
    {
        var seen = await EventsOfOneJobAsync(new ScriptedLedger(new FakeTimeProvider()), Prune("{}"));

        Assert.Collection(
            seen.Where(e => e is JobStarted or JobCompleted or JobRetried or JobDiscarded),
            e => Assert.Equal((9L, JobKind.Prune, 1), Assert.IsType<JobStarted>(e) is var s ? (s.JobId, s.Kind, s.Attempt) : default),
            e => Assert.Equal(9L, Assert.IsType<JobCompleted>(e).JobId));
    }

    [Fact]
    public async Task Run_JobFailsWithAttemptsLeft_PublishesJobRetriedWithItsError()
    {
        var seen = await EventsOfOneJobAsync(new ScriptedLedger(new FakeTimeProvider()), Prune("""{"tier":"nope"}"""));

        var retried = Assert.IsType<JobRetried>(seen[^1]);
        Assert.Contains("there is no tier 'nope'", retried.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(seen, e => e is JobDiscarded or JobCompleted);
    }

    [Fact]
    public async Task Run_JobFailsOnItsLastAttempt_PublishesJobDiscarded()
    {
        var seen = await EventsOfOneJobAsync(new ScriptedLedger(new FakeTimeProvider()), Prune("""{"tier":"nope"}""") with { Attempt = 3 });

        Assert.Equal(3, Assert.IsType<JobDiscarded>(seen[^1]).Attempt);
    }

    [Fact]
    public async Task Run_JobFailsAfterItsLeaseWasLost_PublishesNothingAboutItsEnd()
    {
        var seen = await EventsOfOneJobAsync(new ScriptedLedger(new FakeTimeProvider()) { LeaseHeld = false }, Prune("""{"tier":"nope"}"""));

        Assert.IsType<JobStarted>(Assert.Single(seen));
    }

    private static Worker Worker(ScriptedLedger ledger, TimeProvider time) => Services(ledger, time).GetRequiredService<Worker>();

    private static ServiceProvider Services(ScriptedLedger ledger, TimeProvider time)
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
        return services.BuildServiceProvider();
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
