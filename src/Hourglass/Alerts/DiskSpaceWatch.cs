using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hourglass.Alerts;

/// <summary>
/// Measures the backup root's free space after each committed set and publishes <see cref="DiskSpaceLow"/> when it
/// is below <c>alerts.minFreeBytes</c> or twice the biggest tier's last set: the next set of that tier might not
/// fit (the same rule as <see cref="ProblemFinder"/>'s <c>disk.low</c>). Measuring happens on its own loop; the
/// subscriber only wakes it.
/// </summary>
internal sealed class DiskSpaceWatch(HourglassOptions options, SetStores stores, EventStream events, TimeProvider time, ILogger<DiskSpaceWatch> logger)
    : BackgroundService
{
    private readonly EventWake _committed = new(events, e => e is SetCommitted);

    public override void Dispose()
    {
        _committed.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await _committed.WaitAsync(Timeout.InfiniteTimeSpan, time, stoppingToken))
            {
                continue;
            }

            await Waits.RoundAsync(
                async () =>
                {
                    var free = await stores.Local.FreeBytesAsync(stoppingToken);
                    var (needed, _) = ProblemFinder.FreeBytesNeeded(await stores.Local.ListSetsAsync(null, stoppingToken), options.Alerts.MinFreeBytes);
                    if (free is { } bytes && bytes < needed)
                    {
                        logger.DiskSpaceLow(stores.Local.Location, bytes, needed);
                        events.Publish(new DiskSpaceLow(time.GetUtcNow(), stores.Local.Location, bytes, needed));
                    }
                },
                "disk watch",
                logger,
                static text => text,
                stoppingToken);
        }
    }
}
