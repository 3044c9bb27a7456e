using Hourglass.Ledger;
using Hourglass.Storage;
using Hourglass.Web.State;
using Microsoft.Extensions.Logging;

namespace Hourglass.Web.Metrics;

/// <summary>
/// What runs before each scrape is written: the engine's state when it changed (the snapshot as it is, refreshed in
/// the background, never a manifest read here), ages against the clock, the ledger's jobs by state and open alerts
/// (two small queries) and the backup root's free space. Cheap enough for a scrape every few seconds with
/// thousands of sets and jobs (README "Benchmark").
/// </summary>
internal sealed class MetricsScrape(
    HourglassMetrics metrics,
    EngineSnapshot snapshot,
    IJobLedger ledger,
    IAlertLedger alerts,
    SetStores stores,
    TimeProvider time,
    ILogger<MetricsScrape> logger)
{
    /// <summary>How long the ledger may take to answer a scrape before its values are left as they were.</summary>
    public static readonly TimeSpan LedgerTimeout = TimeSpan.FromSeconds(2);

    /// <summary>More open alerts than a ledger ever holds (one per problem key).</summary>
    private const int AlertLimit = 10_000;

    /// <summary>The snapshot last applied; scrapes can run at the same time, so it is only read and swapped atomically.</summary>
    private Snapshot? _applied;

    public async Task BeforeCollectAsync(CancellationToken cancellationToken)
    {
        // The first scrape waits for the state (so values survive a restart from the first scrape on); later ones never do.
        var current = Volatile.Read(ref _applied) is null ? await FirstSnapshotAsync(cancellationToken) : snapshot.Peek();

        // Apply takes only facts newer than the gauges show, so two scrapes applying in either order agree; the swap
        // only keeps each snapshot from being applied more than once.
        if (current is not null && !ReferenceEquals(Interlocked.Exchange(ref _applied, current), current))
        {
            metrics.Apply(MetricsSeed.From(current));
        }

        var (jobs, open) = await ReadLedgerAsync(cancellationToken);
        metrics.Scraped(time.GetUtcNow(), jobs, open, await FreeBytesAsync(cancellationToken));
    }

    /// <summary>The backup root's free space, or null (the gauge keeps its last value) when the disk cannot say.</summary>
    private async Task<long?> FreeBytesAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await stores.Local.FreeBytesAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            logger.MetricsFreeBytesUnavailable(e.Message);
            return null;
        }
    }

    private async Task<Snapshot?> FirstSnapshotAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await snapshot.CurrentAsync(cancellationToken);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or TimeoutException or HourglassException)
        {
            logger.MetricsStateUnavailable(e.Message);
            return null;
        }
    }

    private async Task<(IReadOnlyDictionary<JobState, int>? Jobs, int? Open)> ReadLedgerAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(LedgerTimeout);
        try
        {
            var jobs = await ledger.CountByStateAsync(deadline.Token).WaitAsync(LedgerTimeout, time, cancellationToken);
            var open = await alerts.AlertsAsync(openOnly: true, AlertLimit, deadline.Token).WaitAsync(LedgerTimeout, time, cancellationToken);
            return (jobs, open.Count);
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or TimeoutException or InvalidOperationException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            logger.MetricsLedgerUnavailable(e.Message);
            return (null, null);
        }
    }
}
