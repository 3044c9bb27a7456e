using System.Threading.Channels;
using Hourglass.Events;

namespace Hourglass.Alerts;

/// <summary>
/// Wakes a loop when an event it cares about is published. The subscriber only notes the wake (at most one pending,
/// so a burst of events is one wake); the loop does the slow work on its own time, as <see cref="EventStream"/> asks.
/// </summary>
internal sealed class EventWake : IDisposable
{
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly IDisposable _subscription;

    /// <summary>Wakes on every event for which <paramref name="wakesOn"/> is true (it runs on the publisher's thread, so it must be quick).</summary>
    public EventWake(EventStream events, Func<HourglassEvent, bool> wakesOn) =>
        _subscription = events.Subscribe(e =>
        {
            if (wakesOn(e))
            {
                _wake.Writer.TryWrite(true);
            }
        });

    /// <summary>Waits for a wake (true, and it is taken) or until <paramref name="delay"/> passes (false); false on shutdown.</summary>
    public async Task<bool> WaitAsync(TimeSpan delay, TimeProvider time, CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(delay, time, waiting.Token);
        var woken = _wake.Reader.WaitToReadAsync(waiting.Token).AsTask();
        await Task.WhenAny(timer, woken);
        await waiting.CancelAsync();
        try
        {
            await Task.WhenAll(timer, woken);
        }
        catch (OperationCanceledException)
        {
        }

        return _wake.Reader.TryRead(out _);
    }

    public void Dispose() => _subscription.Dispose();
}
