using Hourglass.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hourglass.Tests.Events;

public sealed class EventStreamTests
{
    private static readonly HourglassEvent Missed = new SlotsMissed(DateTimeOffset.UnixEpoch, "hourly", 2, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch.AddHours(1));

    [Fact]
    public void Publish_EverySubscriberGetsTheEvent_InOrder()
    {
        var stream = new EventStream(NullLogger<EventStream>.Instance);
        var seen = new List<string>();
        using var first = stream.Subscribe(e => seen.Add("first"));
        using var second = stream.Subscribe(e => seen.Add("second"));

        stream.Publish(Missed);

        Assert.Equal(["first", "second"], seen);
    }

    [Fact]
    public void Publish_SubscriberThrows_OthersStillGetItAndThePublisherDoesNotFail()
    {
        var stream = new EventStream(NullLogger<EventStream>.Instance);
        var seen = 0;
        using var broken = stream.Subscribe(_ => throw new InvalidOperationException("bug in a subscriber"));
        using var working = stream.Subscribe(_ => seen++);

        stream.Publish(Missed);

        Assert.Equal(1, seen);
    }

    [Fact]
    public void Subscription_Disposed_NoMoreEvents()
    {
        var stream = new EventStream(NullLogger<EventStream>.Instance);
        var seen = 0;
        var subscription = stream.Subscribe(_ => seen++);
        stream.Publish(Missed);

        subscription.Dispose();
        stream.Publish(Missed);

        Assert.Equal(1, seen);
    }
}
