using System.Threading.Channels;
using Hourglass.Events;
using Hourglass.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hourglass.Alerts;

/// <summary>
/// Evaluates alerts (<see cref="AlertReconciler"/>) every <see cref="Interval"/>, and at once when an event that can
/// open or clear a problem arrives (a set committed, a dump or copy failed, a job discarded or completed, a
/// verification, low disk, missed slots). Runs on every node; the ledger makes each alert change happen once.
/// A failed evaluation is logged and tried again on the next round: alerts never stop the node.
/// </summary>
internal sealed class AlertMonitor : BackgroundService
{
    /// <summary>How often problems are looked for without an event.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>How long a wake waits for the rest of a burst of events (a set's dumps, its commit, its job) before evaluating.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    private readonly AlertReconciler _reconciler;
    private readonly IJobLedger _ledger;
    private readonly AlertChannels _channels;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertMonitor> _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly IDisposable _subscription;

    public AlertMonitor(AlertReconciler reconciler, IJobLedger ledger, AlertChannels channels, EventStream events, TimeProvider time, ILogger<AlertMonitor> logger)
    {
        _reconciler = reconciler;
        _ledger = ledger;
        _channels = channels;
        _time = time;
        _logger = logger;
        _subscription = events.Subscribe(e =>
        {
            if (e is SetCommitted or DumpFailed or JobDiscarded or JobCompleted or VerificationFinished or CopyFailed or SetCopied or DiskSpaceLow or SlotsMissed)
            {
                _wake.Writer.TryWrite(true);
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
        await Waits.UntilMigratedAsync(_ledger, _time, _logger, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _reconciler.ReconcileAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // Whatever went wrong, the next round tries again; alerts must never stop the node.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.AlertEvaluationFailed(_channels.Secrets.Redact(e.Message));
            }

            if (await Waits.ForWakeOrDelayAsync(_wake.Reader, Interval, _time, stoppingToken))
            {
                await Waits.DelayAsync(Settle, _time, stoppingToken);
            }
        }
    }
}
