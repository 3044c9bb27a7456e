using Hourglass.Events;
using Hourglass.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hourglass.Alerts;

/// <summary>
/// Sends the queued deliveries, on its own loop, so a webhook that hangs or an SMTP server that is down never delays
/// a backup. It leases due rows from the ledger (no two nodes send one row), sends each with a timeout, and records
/// the outcome: sent, or the error with the next try after <see cref="DeliveryBackoff"/>, or <c>failed</c> once
/// attempts are used up. A node that dies mid-send leaves its lease to run out, and the row is sent again. It claims
/// only the channels this node has, and a round that fails in any way is logged and followed by the next.
/// </summary>
internal sealed class AlertSender(IAlertLedger alerts, IJobLedger ledger, NodeIdentity node, AlertChannels channels, EventStream events, TimeProvider time, ILogger<AlertSender> logger)
    : BackgroundService
{
    /// <summary>How long a claimed delivery is this node's: well beyond one send's timeout.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    /// <summary>How often due deliveries (retries, other nodes' messages) are looked for without a wake.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly EventWake _wake = new(events, e => e is AlertChanged);

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (channels.All.Count == 0)
        {
            return;
        }

        await Waits.UntilMigratedAsync(ledger, time, logger, "sender", stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<DueDelivery> due = [];
            await Waits.RoundAsync(
                async () =>
                {
                    due = await alerts.ClaimDeliveriesAsync(node.Id, channels.Names, Lease, 20, stoppingToken);
                    await Task.WhenAll(due.Select(d => SendAsync(d, stoppingToken)));
                },
                "sender",
                logger,
                channels.Secrets.Redact,
                stoppingToken);
            if (due.Count == 0)
            {
                await _wake.WaitAsync(PollInterval, time, stoppingToken);
            }
        }
    }

    private async Task SendAsync(DueDelivery delivery, CancellationToken stoppingToken)
    {
        var attempt = delivery.Attempts + 1;
        string error;
        try
        {
            // The claim takes only this node's channels; one gone since is a failed send like any other.
            var channel = channels.Named(delivery.Channel) ?? throw new AlertSendException($"the {delivery.Channel} channel is not configured on node {Environment.MachineName}");
            await channel.SendAsync(WebhookChannel.MessageId(delivery.Id, delivery.Payload), delivery.Payload, stoppingToken);
            await alerts.DeliverySentAsync(delivery.Id, node.Id, CancellationToken.None);
            logger.AlertDelivered(delivery.Id, delivery.AlertId, delivery.Event, delivery.Channel, attempt);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not System.Data.Common.DbException)
        {
            error = channels.Reason(e);
        }

        var retry = DeliveryBackoff.Delay(attempt, Random.Shared.NextDouble());
        await alerts.DeliveryFailedAsync(delivery.Id, node.Id, error, retry, CancellationToken.None);
        if (retry is { } wait)
        {
            logger.AlertDeliveryFailed(delivery.Id, delivery.AlertId, delivery.Event, delivery.Channel, attempt, error, (long)wait.TotalSeconds);
        }
        else
        {
            logger.AlertDeliveryGaveUp(delivery.Id, delivery.AlertId, delivery.Event, delivery.Channel, attempt, error);
        }
    }
}
