using Microsoft.Extensions.Logging;

namespace Hourglass.Events;

/// <summary>
/// The in-process stream of <see cref="HourglassEvent"/>s: the engine publishes, anything in the process subscribes.
/// Subscribers are called in order on the publishing thread, so they must be quick (update a gauge, enqueue a
/// message) and hand slow work to their own queue. A subscriber that throws is logged and skipped: an observer
/// never fails the backup it observes.
/// </summary>
public sealed class EventStream(ILogger<EventStream> logger)
{
    private readonly Lock _gate = new();
    private Action<HourglassEvent>[] _subscribers = [];

    /// <summary>Calls <paramref name="subscriber"/> for every event published from now on, until the returned handle is disposed.</summary>
    public IDisposable Subscribe(Action<HourglassEvent> subscriber)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        return new Subscription(this, subscriber);
    }

    /// <summary>Hands <paramref name="event"/> to every subscriber.</summary>
    public void Publish(HourglassEvent @event)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(@event);
            }
#pragma warning disable CA1031 // An observer's bug must never fail the work it observes; it is logged instead.
            catch (Exception e)
#pragma warning restore CA1031
            {
                logger.SubscriberFailed(@event.GetType().Name, e.Message);
            }
        }
    }

    private void Unsubscribe(Action<HourglassEvent> subscriber)
    {
        lock (_gate)
        {
            _subscribers = [.. _subscribers.Where(s => s != subscriber)];
        }
    }

    private sealed class Subscription(EventStream stream, Action<HourglassEvent> subscriber) : IDisposable
    {
        public void Dispose() => stream.Unsubscribe(subscriber);
    }
}
