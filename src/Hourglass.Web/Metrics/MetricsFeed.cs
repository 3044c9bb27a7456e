using Hourglass.Events;
using Hourglass.Web.State;
using Microsoft.Extensions.Hosting;

namespace Hourglass.Web.Metrics;

/// <summary>
/// Feeds the metrics from the engine's event stream from the moment the web host starts (no runner calls the
/// metrics), and starts the first snapshot early so the first scrape finds the state taken.
/// </summary>
internal sealed class MetricsFeed(HourglassMetrics metrics, EventStream events, EngineSnapshot snapshot) : IHostedService
{
    private IDisposable? _subscription;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = events.Subscribe(metrics.Observe);
        _ = snapshot.Peek();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        return Task.CompletedTask;
    }
}
