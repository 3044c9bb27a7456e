using System.Threading.Channels;
using Hourglass.Events;
using Hourglass.Ledger;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hourglass.Alerts;

/// <summary>
/// Sends the queued deliveries, on its own loop, so a webhook that hangs or an SMTP server that is down never delays
/// a backup. It leases due rows from the ledger (no two nodes send one row), sends each with a timeout, and records
/// the outcome: sent, or the error with the next try after <see cref="DeliveryBackoff"/>, or <c>failed</c> once
/// attempts are used up. A node that dies mid-send leaves its lease to run out, and the row is sent again.
/// </summary>
internal sealed class AlertSender : BackgroundService
{
    /// <summary>How long a claimed delivery is this node's: well beyond one send's timeout.</summary>
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    /// <summary>How often due deliveries (retries, other nodes' messages) are looked for without a wake.</summary>
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    private readonly IAlertLedger _alerts;
    private readonly IJobLedger _ledger;
    private readonly AlertChannels _channels;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertSender> _logger;
    private readonly string _owner = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}";
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly IDisposable _subscription;

    public AlertSender(IAlertLedger alerts, IJobLedger ledger, AlertChannels channels, EventStream events, TimeProvider time, ILogger<AlertSender> logger)
    {
        _alerts = alerts;
        _ledger = ledger;
        _channels = channels;
        _time = time;
        _logger = logger;
        _subscription = events.Subscribe(e =>
        {
            if (e is AlertChanged)
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
        if (_channels.All.Count == 0)
        {
            return;
        }

        await Waits.UntilMigratedAsync(_ledger, _time, _logger, stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<DueDelivery> due = [];
            try
            {
                due = await _alerts.ClaimDeliveriesAsync(_owner, Lease, 20, stoppingToken);
                await Task.WhenAll(due.Select(d => SendAsync(d, stoppingToken)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException)
            {
                _logger.AlertEvaluationFailed(e.Message);
            }

            if (due.Count == 0)
            {
                await Waits.ForWakeOrDelayAsync(_wake.Reader, PollInterval, _time, stoppingToken);
            }
        }
    }

    private async Task SendAsync(DueDelivery delivery, CancellationToken stoppingToken)
    {
        var attempt = delivery.Attempts + 1;
        string error;
        try
        {
            var channel = _channels.Named(delivery.Channel) ?? throw new AlertSendException($"the {delivery.Channel} channel is not configured on node {Environment.MachineName}");
            await channel.SendAsync(WebhookChannel.MessageId(delivery.Id, delivery.Payload), delivery.Payload, stoppingToken);
            await _alerts.DeliverySentAsync(delivery.Id, _owner, CancellationToken.None);
            _logger.AlertDelivered(delivery.Id, delivery.AlertId, delivery.Event, delivery.Channel, attempt);
            return;
        }
        catch (AlertSendException e)
        {
            error = e.Message;
        }
        catch (Exception e) when (e is not OperationCanceledException && e is not System.Data.Common.DbException)
        {
            // A channel's library failing in a way it does not document (a malformed address, say) is a failed send too.
            error = _channels.Secrets.Redact($"{e.GetType().Name}: {e.Message}");
        }

        var retry = DeliveryBackoff.Delay(attempt, Random.Shared.NextDouble());
        await _alerts.DeliveryFailedAsync(delivery.Id, _owner, error, retry, CancellationToken.None);
        if (retry is { } wait)
        {
            _logger.AlertDeliveryFailed(delivery.Id, delivery.AlertId, delivery.Event, delivery.Channel, attempt, error, (long)wait.TotalSeconds);
        }
        else
        {
            _logger.AlertDeliveryGaveUp(delivery.Id, delivery.AlertId, delivery.Event, delivery.Channel, attempt, error);
        }
    }
}
