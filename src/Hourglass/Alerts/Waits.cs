using System.Threading.Channels;
using Hourglass.Ledger;
using Microsoft.Extensions.Logging;

namespace Hourglass.Alerts;

/// <summary>The alert loops' waiting: for the ledger's schema, for a wake or a delay, for a delay; each ends quietly on shutdown.</summary>
internal static class Waits
{
    /// <summary>Migrates the ledger (safe beside the daemon doing the same), retrying while it cannot be reached.</summary>
    public static async Task UntilMigratedAsync(IJobLedger ledger, TimeProvider time, ILogger logger, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ledger.MigrateAsync(stoppingToken);
                return;
            }
            catch (Exception e) when (e is System.Data.Common.DbException or TimeoutException or IOException)
            {
                logger.AlertEvaluationFailed(e.Message);
                await DelayAsync(TimeSpan.FromSeconds(5), time, stoppingToken);
            }
        }
    }

    /// <summary>Waits until something is written to <paramref name="wake"/> (true, and it is taken) or <paramref name="delay"/> passes (false).</summary>
    public static async Task<bool> ForWakeOrDelayAsync(ChannelReader<bool> wake, TimeSpan delay, TimeProvider time, CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(delay, time, waiting.Token);
        var woken = wake.WaitToReadAsync(waiting.Token).AsTask();
        await Task.WhenAny(timer, woken);
        await waiting.CancelAsync();
        try
        {
            await Task.WhenAll(timer, woken);
        }
        catch (OperationCanceledException)
        {
        }

        return wake.TryRead(out _);
    }

    /// <summary>A delay that returns early, without throwing, on shutdown.</summary>
    public static async Task DelayAsync(TimeSpan delay, TimeProvider time, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
