using Hourglass.Ledger;
using Hourglass.Scheduling;
using Microsoft.Extensions.Time.Testing;

namespace Hourglass.Tests.Scheduling;

public sealed class LeaseKeeperTests
{
    private static readonly SchedulerOptions Scheduler = new() { Lease = TimeSpan.FromSeconds(60) };
    private static readonly Job Running = new() { Id = 7, Kind = JobKind.Backup, Args = "{}", State = JobState.Executing, Attempt = 1, MaxAttempts = 3 };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Keep_RenewsOnceEveryRenewEveryOfTheInjectedClock()
    {
        using var keeping = Keeping.Start();
        var start = keeping.Time.GetUtcNow();

        var renewals = new List<DateTimeOffset>();
        for (var i = 0; i < 3; i++)
        {
            keeping.Time.Advance(Scheduler.RenewEvery - TimeSpan.FromSeconds(1));
            renewals.Add(await keeping.RenewalAfterAsync(TimeSpan.FromSeconds(1)));
        }

        await keeping.Keeper.StopAsync();

        Assert.Equal([start + Scheduler.RenewEvery, start + (2 * Scheduler.RenewEvery), start + (3 * Scheduler.RenewEvery)], renewals);
        Assert.False(keeping.Ledger.Calls.Reader.TryRead(out _));
        Assert.False(keeping.Work.IsCancellationRequested);
    }

    [Fact]
    public async Task Keep_RenewalFindsTheLeaseLost_CancelsTheWorkAndStopsRenewing()
    {
        using var keeping = Keeping.Start(() => LeaseStatus.Held, () => LeaseStatus.Lost);

        await keeping.RenewalAfterAsync(Scheduler.RenewEvery);
        Assert.False(keeping.Work.IsCancellationRequested);
        await keeping.RenewalAfterAsync(Scheduler.RenewEvery);
        keeping.Time.Advance(Scheduler.RenewEvery);
        await keeping.Keeper.StopAsync();

        Assert.True(keeping.Work.IsCancellationRequested);
        Assert.Equal(LeaseStatus.Lost, keeping.Keeper.Status);
        Assert.False(keeping.Ledger.Calls.Reader.TryRead(out _));
    }

    [Fact]
    public async Task Keep_CancelRequested_CancelsTheWorkAndKeepsTheLeaseUntilStopped()
    {
        // A job asked to stop may take longer than a lease to wind down; losing the lease meanwhile would send it
        // back to run again, and the cancel with it.
        using var keeping = Keeping.Start(() => LeaseStatus.CancelRequested, () => LeaseStatus.CancelRequested, () => LeaseStatus.CancelRequested);

        await keeping.RenewalAfterAsync(Scheduler.RenewEvery);
        Assert.True(await keeping.WorkCancelledWithinAsync(TimeSpan.FromSeconds(10)));
        await keeping.RenewalAfterAsync(Scheduler.RenewEvery);
        await keeping.RenewalAfterAsync(Scheduler.RenewEvery);
        await keeping.Keeper.StopAsync();

        Assert.Equal(LeaseStatus.CancelRequested, keeping.Keeper.Status);
    }

    [Fact]
    public async Task Keep_LedgerBrieflyUnreachable_KeepsTheWorkAndRenewsAtTheNextTick()
    {
        using var keeping = Keeping.Start(() => throw new TimeoutException("ledger unreachable"), () => LeaseStatus.Held);

        await keeping.RenewalAfterAsync(Scheduler.RenewEvery);
        await keeping.RenewalAfterAsync(Scheduler.RenewEvery);
        await keeping.Keeper.StopAsync();

        Assert.Equal(LeaseStatus.Held, keeping.Keeper.Status);
        Assert.False(keeping.Work.IsCancellationRequested);
    }

    /// <summary>A started keeper of <see cref="Running"/> on a fake clock, with the renewals answered in order.</summary>
    private sealed record Keeping(FakeTimeProvider Time, ScriptedLedger Ledger, CancellationTokenSource Work, LeaseKeeper Keeper) : IDisposable
    {
        public static Keeping Start(params Func<LeaseStatus>[] renewals)
        {
            var time = new FakeTimeProvider();
            var ledger = new ScriptedLedger(time);
            ledger.Renewals(renewals);
            var work = new CancellationTokenSource();
            var keeper = new LeaseKeeper(ledger, Running, "me", Scheduler, time, work);
            keeper.Start();
            return new Keeping(time, ledger, work, keeper);
        }

        /// <summary>Advances the clock and returns the fake time of the renewal that follows.</summary>
        public async Task<DateTimeOffset> RenewalAfterAsync(TimeSpan advance)
        {
            Time.Advance(advance);
            // A renewal that never comes fails the test rather than hanging it.
            return (await Ledger.NextCallAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), TimeProvider.System, Ct)).At;
        }

        /// <summary>
        /// Whether the work is cancelled within <paramref name="wait"/> (real time): the keeper cancels it on its own
        /// thread just after the renewal call the test saw returns.
        /// </summary>
        public async Task<bool> WorkCancelledWithinAsync(TimeSpan wait)
        {
            try
            {
                await Task.Delay(wait, TimeProvider.System, Work.Token);
                return false;
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }

        public void Dispose() => Work.Dispose();
    }
}
