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

    [LoggerMessage(1203, LogLevel.Information, "Replacing {Target}: it is renamed to {Aside}, then {Staging} takes its name, then {Aside} is dropped")]
    public static partial void RestoreSwapping(this ILogger logger, string target, string aside, string staging);

    [LoggerMessage(1204, LogLevel.Information, "Restore into {Target}: {Phase} started")]
    public static partial void RestorePhase(this ILogger logger, string target, string phase);

    [LoggerMessage(1205, LogLevel.Information, "Dropped {Database}, left behind by a restore that did not finish")]
    public static partial void RestoreLeftoverDropped(this ILogger logger, string database);

    [LoggerMessage(1206, LogLevel.Warning, "Could not drop {Database}, left behind by a restore that did not finish: {Reason}")]
    public static partial void RestoreLeftoverKept(this ILogger logger, string database, string reason);

    [LoggerMessage(1207, LogLevel.Warning, "Could not look for what unfinished restores left behind, after this restore: {Reason}")]
    public static partial void RestoreSweepFailed(this ILogger logger, string reason);

    [LoggerMessage(1202, LogLevel.Warning, "Restoring from {SetId}: {Message}")]
    public static partial void RestoreWarning(this ILogger logger, string setId, string message);

    [LoggerMessage(1300, LogLevel.Information, "Node {NodeId} started with ledger {Ledger}, {Workers} workers, tiers {Tiers}")]
    public static partial void NodeStarted(this ILogger logger, string nodeId, string ledger, int workers, string tiers);

    [LoggerMessage(1301, LogLevel.Information, "Node {NodeId} stopped")]
    public static partial void NodeStopped(this ILogger logger, string nodeId);

    [LoggerMessage(1302, LogLevel.Information, "Queued {Tier} slot {Slot:u} as job {JobId} ({Trigger})")]
    public static partial void SlotInserted(this ILogger logger, string tier, DateTimeOffset slot, long jobId, string trigger);

    [LoggerMessage(1303, LogLevel.Warning, "Skipped {Count} missed {Tier} slots from {First:u} to {Last:u}")]
    public static partial void SlotsSkipped(this ILogger logger, string tier, int count, DateTimeOffset first, DateTimeOffset last);

    [LoggerMessage(1304, LogLevel.Warning, "Rescued {Count} jobs whose lease expired, on {NodeId}")]
    public static partial void JobsRescued(this ILogger logger, int count, string nodeId);

    [LoggerMessage(1305, LogLevel.Information, "Deleted {Count} finished jobs past their age from the ledger")]
    public static partial void LedgerPruned(this ILogger logger, int count);

    [LoggerMessage(1306, LogLevel.Warning, "The ledger is unavailable: {Error}")]
    public static partial void LedgerUnavailable(this ILogger logger, string error);

    [LoggerMessage(1400, LogLevel.Information, "Job {JobId} ({Kind}) started, attempt {Attempt} of {MaxAttempts}, args {Args}, trigger {Trigger}")]
    public static partial void JobStarted(this ILogger logger, long jobId, string kind, int attempt, int maxAttempts, string args, string trigger);

    [LoggerMessage(1401, LogLevel.Information, "Job {JobId} ({Kind}) completed in {DurationMs} ms: {SetId} {Result}")]
    public static partial void JobCompleted(this ILogger logger, long jobId, string kind, long durationMs, string? setId, string? result);

    [LoggerMessage(1402, LogLevel.Error, "Job {JobId} ({Kind}) attempt {Attempt} of {MaxAttempts} failed: {Error}; next attempt {RetryAt:u}")]
    public static partial void JobFailed(this ILogger logger, long jobId, string kind, int attempt, int maxAttempts, string error, DateTimeOffset retryAt);

    [LoggerMessage(1406, LogLevel.Error, "Job {JobId} ({Kind}) attempt {Attempt} of {MaxAttempts} failed for good: {Error}")]
    public static partial void JobDiscarded(this ILogger logger, long jobId, string kind, int attempt, int maxAttempts, string error);

    [LoggerMessage(1403, LogLevel.Warning, "Job {JobId} ({Kind}) was cancelled")]
    public static partial void JobCancelled(this ILogger logger, long jobId, string kind);

    [LoggerMessage(1404, LogLevel.Information, "Job {JobId} ({Kind}) stopped for shutdown and was put back without using an attempt")]
    public static partial void JobReleased(this ILogger logger, long jobId, string kind);

    [LoggerMessage(1405, LogLevel.Warning, "Job {JobId} ({Kind}) lost its lease; its work was abandoned and nothing was recorded")]
    public static partial void LeaseLost(this ILogger logger, long jobId, string kind);

    [LoggerMessage(1500, LogLevel.Information, "Verified {SetId}: {Status}, {Files} files, {Problems} problems in {DurationMs} ms")]
    public static partial void SetVerified(this ILogger logger, string setId, string status, int files, int problems, long durationMs);

    [LoggerMessage(1600, LogLevel.Warning, "An event subscriber failed on {Event}: {Error}")]
    public static partial void SubscriberFailed(this ILogger logger, string @event, string error);

    [LoggerMessage(1601, LogLevel.Warning, "Scratch database {Database} could not be dropped ({Error}): drop it by hand with `dropdb {Database}`")]
    public static partial void ScratchNotDropped(this ILogger logger, string database, string error);

    [LoggerMessage(1800, LogLevel.Information, "Copied {SetId} to target {Target}: {Bytes} bytes in {DurationMs} ms")]
    public static partial void SetCopied(this ILogger logger, string setId, string target, long bytes, long durationMs);

    [LoggerMessage(1801, LogLevel.Information, "{SetId} is already on target {Target}")]
    public static partial void SetAlreadyCopied(this ILogger logger, string setId, string target);

    [LoggerMessage(1802, LogLevel.Information, "Queued a copy of {SetId} to target {Target}")]
    public static partial void CopyQueued(this ILogger logger, string setId, string target);

    [LoggerMessage(1803, LogLevel.Warning, "Could not look for sets to copy to target {Target}: {Error}")]
    public static partial void CopyPlanFailed(this ILogger logger, string target, string error);
    [LoggerMessage(1700, LogLevel.Debug, "Stored {Key} in {Location}: {Bytes} bytes in {Parts} parts")]
    public static partial void S3ObjectStored(this ILogger logger, string key, string location, long bytes, int parts);

    [LoggerMessage(1701, LogLevel.Warning, "Aborted the upload of {Key} to {Location}: {Error}")]
    public static partial void S3UploadAborted(this ILogger logger, string key, string location, string error);

    [LoggerMessage(1702, LogLevel.Warning, "Could not remove what uncommitted set {SetId} wrote to {Location} ({Error}): it stays as a leftover that prune removes")]
    public static partial void S3CleanupFailed(this ILogger logger, string setId, string location, string error);

    [LoggerMessage(1703, LogLevel.Information, "{Location} does not take multi-object deletes ({Error}): deleting one object at a time")]
    public static partial void S3MultiDeleteRefused(this ILogger logger, string location, string error);

    [LoggerMessage(1704, LogLevel.Information, "Removed leftover {SetId} ({Kind}) from {Location}: {Objects} objects, {Uploads} unfinished uploads")]
    public static partial void S3LeftoverRemoved(this ILogger logger, string setId, string kind, string location, int objects, int uploads);

    [LoggerMessage(1705, LogLevel.Warning, "Set {SetId} is committed in {Location}, but its writer's marker could not be removed ({Error}); it is ignored and goes with the set")]
    public static partial void S3MarkerLeft(this ILogger logger, string setId, string location, string error);

    [LoggerMessage(1900, LogLevel.Warning, "Alert {Key} opened ({Kind}): {Message}")]
    public static partial void AlertOpened(this ILogger logger, string key, string kind, string message);

    [LoggerMessage(1901, LogLevel.Information, "Alert {Key} resolved ({Kind}): {Message}")]
    public static partial void AlertResolved(this ILogger logger, string key, string kind, string message);

    [LoggerMessage(1902, LogLevel.Warning, "Alert {Key} is still open ({Kind}); reminder queued: {Message}")]
    public static partial void AlertReminded(this ILogger logger, string key, string kind, string message);

    [LoggerMessage(1903, LogLevel.Information, "Alert delivery {DeliveryId} (alert {AlertId}, {Event}) sent by {Channel}, attempt {Attempt}")]
    public static partial void AlertDelivered(this ILogger logger, long deliveryId, long alertId, string @event, string channel, int attempt);

    [LoggerMessage(1904, LogLevel.Warning, "Alert delivery {DeliveryId} (alert {AlertId}, {Event}) by {Channel} failed, attempt {Attempt}: {Error}; next attempt in {RetryInSeconds} s")]
    public static partial void AlertDeliveryFailed(this ILogger logger, long deliveryId, long alertId, string @event, string channel, int attempt, string error, long retryInSeconds);

    [LoggerMessage(1905, LogLevel.Error, "Alert delivery {DeliveryId} (alert {AlertId}, {Event}) by {Channel} failed for good after {Attempt} attempts: {Error}")]
    public static partial void AlertDeliveryGaveUp(this ILogger logger, long deliveryId, long alertId, string @event, string channel, int attempt, string error);

    [LoggerMessage(1906, LogLevel.Warning, "The alert {Loop} loop's round failed ({ErrorType}: {Error}); the next round tries again")]
    public static partial void AlertRoundFailed(this ILogger logger, string loop, string errorType, string error);

    [LoggerMessage(1907, LogLevel.Warning, "Dead man's switch ping {Signal} failed, attempt {Attempt} of {MaxAttempts}: {Error}")]
    public static partial void PingFailed(this ILogger logger, string signal, int attempt, int maxAttempts, string error);

    [LoggerMessage(1908, LogLevel.Debug, "Dead man's switch pinged: {Signal}")]
    public static partial void Pinged(this ILogger logger, string signal);

    [LoggerMessage(1909, LogLevel.Warning, "The backup root {Path} has {FreeBytes} bytes free, less than the {NeededBytes} it needs")]
    public static partial void DiskSpaceLow(this ILogger logger, string path, long freeBytes, long neededBytes);
}
