using Microsoft.Extensions.Logging;

namespace Hourglass.Web;

/// <summary>The web host's log lines, with fixed event ids (3000–3999) and named fields; never a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "Web host listening on {Address}")]
    public static partial void WebListening(this ILogger logger, string address);

    [LoggerMessage(3100, LogLevel.Warning, "Metrics: the engine's state could not be read, so values from before this start are missing until it can: {Error}")]
    public static partial void MetricsStateUnavailable(this ILogger logger, string error);

    [LoggerMessage(3101, LogLevel.Warning, "Metrics: the ledger did not answer the scrape; jobs and alerts keep their last values: {Error}")]
    public static partial void MetricsLedgerUnavailable(this ILogger logger, string error);

    [LoggerMessage(3200, LogLevel.Error, "API request {Path} failed: {Error}")]
    public static partial void ApiFailed(this ILogger logger, string path, string error);
}
