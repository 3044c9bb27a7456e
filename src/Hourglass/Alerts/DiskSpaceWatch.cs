using System.Collections.Concurrent;
using System.Threading.Channels;
using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hourglass.Alerts;

/// <summary>
/// Measures the backup root's free space after each committed set and publishes <see cref="DiskSpaceLow"/> when it
/// is below <c>alerts.minFreeBytes</c> or twice the biggest tier's last set: the next set of that tier might not
/// fit. Measuring happens on its own loop; the subscriber only notes the set.
/// </summary>
internal sealed class DiskSpaceWatch : BackgroundService
{
    private readonly HourglassOptions _options;
    private readonly SetStores _stores;
    private readonly EventStream _events;
    private readonly TimeProvider _time;
    private readonly ILogger<DiskSpaceWatch> _logger;
    private readonly ConcurrentDictionary<string, long> _lastSetBytes = new(StringComparer.Ordinal);
    private readonly Channel<bool> _committed = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly IDisposable _subscription;

    public DiskSpaceWatch(HourglassOptions options, SetStores stores, EventStream events, TimeProvider time, ILogger<DiskSpaceWatch> logger)
    {
        _options = options;
        _stores = stores;
        _events = events;
        _time = time;
        _logger = logger;
        _subscription = events.Subscribe(e =>
        {
            if (e is SetCommitted { Manifest: var manifest })
            {
                _lastSetBytes[manifest.Tier] = manifest.Databases.Sum(d => d.Bytes) + (manifest.Globals?.Bytes ?? 0);
                _committed.Writer.TryWrite(true);
            }
        });
    }

    public override void Dispose()
    {
        _subscription.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var _ in _committed.Reader.ReadAllAsync(stoppingToken))
            {
                var free = await _stores.Local.FreeBytesAsync(stoppingToken);
                var needed = Math.Max(_options.Alerts.MinFreeBytes, 2 * _lastSetBytes.Values.DefaultIfEmpty(0).Max());
                if (free is { } bytes && bytes < needed)
                {
                    _logger.DiskSpaceLow(_stores.Local.Location, bytes, needed);
                    _events.Publish(new DiskSpaceLow(_time.GetUtcNow(), _stores.Local.Location, bytes, needed));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
