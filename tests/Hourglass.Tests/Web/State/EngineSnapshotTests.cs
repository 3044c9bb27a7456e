using System.Reflection;
using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Health;
using Hourglass.Ledger;
using Hourglass.Storage;
using Hourglass.Web.State;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Hourglass.Tests.Web.State;

/// <summary>The snapshot over a ledger that never answers: a refresh gives up in time, on stop and on dispose, rather than hold every page.</summary>
public sealed class EngineSnapshotTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("hourglass-snapshot-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 10, 25, 12, 0, 0, TimeSpan.Zero));
    private readonly ApplicationLifetime _lifetime = new(NullLogger<ApplicationLifetime>.Instance);
    private readonly SetKeys _keys = new(new EncryptionOptions());

    [Fact(Timeout = 60_000)]
    public async Task CurrentAsync_LedgerNeverAnswers_TimeoutExceptionOnceTheRefreshTimeoutHasPassed()
    {
        using var snapshot = NewSnapshot();

        var pending = snapshot.CurrentAsync(TestContext.Current.CancellationToken);
        _time.Advance(EngineSnapshot.RefreshTimeout);

        var error = await Assert.ThrowsAsync<TimeoutException>(() => pending);
        Assert.Equal("the backup root or the ledger did not answer within 30 s", error.Message);
    }

    [Fact(Timeout = 60_000)]
    public async Task CurrentAsync_WebHostStopping_AHangingRefreshIsCancelled()
    {
        using var snapshot = NewSnapshot();
        var pending = snapshot.CurrentAsync(TestContext.Current.CancellationToken);

        _lifetime.StopApplication();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pending);
    }

    [Fact(Timeout = 60_000)]
    public async Task Dispose_WhileABackgroundRefreshHangs_TheRefreshStopsAndLaterReadersAreCancelledNotBroken()
    {
        var snapshot = NewSnapshot();
        Assert.Null(snapshot.Peek()); // starts a background refresh that hangs on the ledger, holding the gate

        snapshot.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => snapshot.CurrentAsync(TestContext.Current.CancellationToken));
        Assert.Null(snapshot.Peek());
    }

    private EngineSnapshot NewSnapshot()
    {
        var options = new HourglassOptions { BackupRoot = _root, Databases = ["app"] };
        var tiers = TierList.From(options);
        var stores = new SetStores(options, TargetList.From(options, tiers, _time.GetUtcNow()), _keys, _time, NullLogger<SetStores>.Instance);
        var status = new StatusReporter(options, tiers, stores, SilentLedger.Create());
        return new EngineSnapshot(status, stores, new EventStream(NullLogger<EventStream>.Instance), _time, _lifetime);
    }

    public void Dispose()
    {
        _lifetime.StopApplication();
        _keys.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}

/// <summary>
/// A ledger that never answers and does not watch its token either: the worst a hung server or disk does. Not sealed:
/// <see cref="DispatchProxy"/> derives the proxy from it.
/// </summary>
public class SilentLedger : DispatchProxy
{
    public static IJobLedger Create() => Create<IJobLedger, SilentLedger>();

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var returns = targetMethod!.ReturnType;
        if (returns == typeof(Task))
        {
            return new TaskCompletionSource().Task;
        }

        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var never = Activator.CreateInstance(typeof(TaskCompletionSource<>).MakeGenericType(returns.GetGenericArguments()))!;
            return never.GetType().GetProperty(nameof(TaskCompletionSource<object>.Task))!.GetValue(never);
        }

        throw new NotSupportedException(targetMethod.Name);
    }
}
