using Hourglass.Ledger;
using Microsoft.Extensions.Logging;

namespace Hourglass.Alerts;

/// <summary>
/// The alert loops' waiting and their one rule for failure: a round that fails is logged and the loop goes on, since
/// a background service that throws stops the host, and with it every backup. Each ends quietly on shutdown.
/// </summary>
internal static class Waits
{
    /// <summary>Migrates the ledger (safe beside the daemon doing the same), retrying while it cannot be reached.</summary>
    public static async Task UntilMigratedAsync(IJobLedger ledger, TimeProvider time, ILogger logger, string loop, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var migrated = false;
            await RoundAsync(
                async () =>
                {
                    await ledger.MigrateAsync(stoppingToken);
                    migrated = true;
                },
                loop,
                logger,
                static text => text,
                stoppingToken);
            if (migrated)
            {
                return;
            }

            await DelayAsync(TimeSpan.FromSeconds(5), time, stoppingToken);
        }
    }

    /// <summary>
    /// Runs one round of the alert loop <paramref name="loop"/>. Whatever it throws, except the cancellation of the
    /// loop's own shutdown, is logged with its type and its message passed through <paramref name="redact"/>, and
    /// swallowed: the next round tries again.
    /// </summary>
    public static async Task RoundAsync(Func<Task> round, string loop, ILogger logger, Func<string, string> redact, CancellationToken stoppingToken)
    {
        try
        {
            await round();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Whatever went wrong, the next round tries again; alerts must never stop the node.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.AlertRoundFailed(loop, e.GetType().Name, redact(e.Message));
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
