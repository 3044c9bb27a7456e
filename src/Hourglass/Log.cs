using Microsoft.Extensions.Logging;

namespace Hourglass;

/// <summary>Every log line the engine writes: fixed event ids, named fields, never a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Backup of tier {Tier} started as {SetId} for {DatabaseCount} databases")]
    public static partial void BackupStarted(this ILogger logger, string tier, string setId, int databaseCount);

    [LoggerMessage(1001, LogLevel.Information, "Dumped {Database} into {SetId}: {Bytes} bytes ({RawBytes} raw) in {DurationMs} ms")]
    public static partial void DumpSucceeded(this ILogger logger, string database, string setId, long bytes, long rawBytes, long durationMs);

    [LoggerMessage(1002, LogLevel.Error, "Dump of {Database} into {SetId} failed: {Error}")]
    public static partial void DumpFailed(this ILogger logger, string database, string setId, string error);

    [LoggerMessage(1003, LogLevel.Information, "Set {SetId} is {Status}: {Bytes} bytes in {DurationMs} ms")]
    public static partial void SetCommitted(this ILogger logger, string setId, string status, long bytes, long durationMs);

    [LoggerMessage(1004, LogLevel.Warning, "Set {SetId} was abandoned: {Reason}")]
    public static partial void SetAbandoned(this ILogger logger, string setId, string reason);

    [LoggerMessage(1005, LogLevel.Debug, "Could not read the server's version through {Database}: {Error}")]
    public static partial void ProbeFailed(this ILogger logger, string database, string error);

    [LoggerMessage(1006, LogLevel.Warning, "Pruning tier {Tier} after {SetId} failed: {Error}")]
    public static partial void PruneAfterBackupFailed(this ILogger logger, string tier, string setId, string error);

    [LoggerMessage(1100, LogLevel.Information, "Pruned {SetId}: {Reason}")]
    public static partial void SetPruned(this ILogger logger, string setId, string reason);

    [LoggerMessage(1101, LogLevel.Debug, "Kept {SetId}: {Reason}")]
    public static partial void SetKept(this ILogger logger, string setId, string reason);

    [LoggerMessage(1200, LogLevel.Information, "Restore of {Database} from {SetId} into {Target} started")]
    public static partial void RestoreStarted(this ILogger logger, string database, string setId, string target);

    [LoggerMessage(1201, LogLevel.Information, "Restored {Database} from {SetId} into {Target}: {Tables} tables, {Rows} rows in {DurationMs} ms")]
    public static partial void RestoreFinished(this ILogger logger, string database, string setId, string target, int tables, long rows, long durationMs);

    [LoggerMessage(1202, LogLevel.Warning, "Applying globals from {SetId}: {Message}")]
    public static partial void GlobalsWarning(this ILogger logger, string setId, string message);
}
