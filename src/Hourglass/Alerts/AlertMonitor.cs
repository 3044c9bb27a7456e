using Hourglass.Events;
using Hourglass.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hourglass.Alerts;

/// <summary>
/// Evaluates alerts (<see cref="AlertReconciler"/>) every <see cref="Interval"/>, and at once when an event that can
/// open or clear a problem arrives (a set committed, a dump or copy failed, a job discarded or completed, a
/// verification, low disk, missed slots). Runs on every node that has a message channel; the ledger makes each alert
/// change happen once. A failed evaluation is logged and tried again on the next round: alerts never stop the node.
/// </summary>
internal sealed class AlertMonitor(AlertReconciler reconciler, IJobLedger ledger, AlertChannels channels, EventStream events, TimeProvider time, ILogger<AlertMonitor> logger)
    : BackgroundService
{
    /// <summary>How often problems are looked for without an event.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    /// <summary>How long a wake waits for the rest of a burst of events (a set's dumps, its commit, its job) before evaluating.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(500);

    private readonly EventWake _wake = new(events, e => e is SetCommitted or DumpFailed or JobDiscarded or JobCompleted or VerificationFinished or CopyFailed or SetCopied or DiskSpaceLow or SlotsMissed);

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The node that opens an alert queues its messages for its own channels: a node with none would open alerts
        // nobody is told about, so it leaves them to the nodes that can send.
        if (channels.All.Count == 0)
        {
            return;
        }

        await Waits.UntilMigratedAsync(ledger, time, logger, "monitor", stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            await Waits.RoundAsync(() => reconciler.ReconcileAsync(stoppingToken), "monitor", logger, channels.Secrets.Redact, stoppingToken);
            if (await _wake.WaitAsync(Interval, time, stoppingToken))
            {
                await Waits.DelayAsync(Settle, time, stoppingToken);
            }
        }
    }
}
