using Hourglass.Ledger;
using Microsoft.Extensions.Logging;

namespace Hourglass.Alerts;

/// <summary>The alert loops' waiting: for the ledger's schema, and for a delay; each ends quietly on shutdown.</summary>
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
