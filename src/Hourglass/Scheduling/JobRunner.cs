using Hourglass.Backups;
using Hourglass.Events;
using Hourglass.Ledger;
using Hourglass.Restores;
using Hourglass.Retention;
using Hourglass.Storage;
using Hourglass.Verification;
using Microsoft.Extensions.Logging;

namespace Hourglass.Scheduling;

/// <summary>
/// Runs one claimed job with the same engine the CLI uses, and returns its result summary. A backup whose set is
/// only partial counts as a failed attempt (so it is retried), though the partial set stays on disk. A backup job
/// prunes its tier once its set is committed: retention runs only after a new set is safely stored, and
/// <c>hourglass backup</c> runs the same job in-process through <see cref="BackupAndPruneAsync"/>.
/// </summary>
public sealed class JobRunner(BackupRunner backups, RestoreRunner restores, Pruner pruner, SetVerifier verifier, SetCopier copier, EventStream events, TimeProvider time, ILogger<JobRunner> logger)
{
    /// <summary>Copies a local set to a target (the copy job, and <c>hourglass copy</c>), then applies the target's retention to that tier there.</summary>
    public async Task<CopyOutcome> CopyAsync(SetId set, string target, CancellationToken cancellationToken)
    {
        var outcome = await copier.CopyAsync(set, target, cancellationToken);
        if (outcome.AlreadyThere)
        {
            logger.SetAlreadyCopied(set.ToString(), target);
            return outcome;
        }

        logger.SetCopied(set.ToString(), target, outcome.Bytes, (long)outcome.Duration.TotalMilliseconds);
        events.Publish(new SetCopied(time.GetUtcNow(), target, outcome.Manifest, outcome.Bytes, outcome.Duration));
        try
        {
            await pruner.PruneAsync(set.Tier, dryRun: false, target, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.PruneAfterBackupFailed(set.Tier, set.ToString(), e.Message);
        }

        return outcome;
    }

    /// <summary>
    /// Takes a set, then prunes its tier. A prune that fails, for whatever reason, is logged and reported as null:
    /// the new set is safe, and failing the backup job for it would only take more sets that are never pruned.
    /// </summary>
    public async Task<(BackupOutcome Backup, RetentionPlan? Pruned)> BackupAndPruneAsync(BackupRequest request, IProgress<DumpProgress>? progress, CancellationToken cancellationToken)
    {
        var outcome = await backups.RunAsync(request, progress, cancellationToken);
        try
        {
            return (outcome, (await pruner.PruneAsync(outcome.SetId.Tier, dryRun: false, target: null, cancellationToken)).Single());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.PruneAfterBackupFailed(outcome.SetId.Tier, outcome.SetId.ToString(), e.Message);
            return (outcome, null);
        }
    }

    public async Task<JobMeta> RunAsync(Job job, JobMeta trigger, CancellationToken cancellationToken) => job.Kind switch
    {
        JobKind.Backup => await BackupAsync(JobJson.Deserialize<BackupArgs>(job.Args), trigger, cancellationToken),
        JobKind.Restore => await RestoreAsync(JobJson.Deserialize<RestoreArgs>(job.Args), trigger, cancellationToken),
        JobKind.Prune => await PruneAsync(JobJson.Deserialize<PruneArgs>(job.Args), trigger, cancellationToken),
        JobKind.Verify => await VerifyAsync(JobJson.Deserialize<VerifyArgs>(job.Args), trigger, cancellationToken),
        JobKind.Copy => await CopyAsync(JobJson.Deserialize<CopyArgs>(job.Args), trigger, job.Attempt >= job.MaxAttempts, cancellationToken),
        _ => throw new HourglassException($"{job.Kind.ToString().ToLowerInvariant()} jobs are not supported by this Hourglass"),
    };

    /// <summary>A verification that finds problems fails its job; the problems are in the job's error and in the set's manifest.</summary>
    private async Task<JobMeta> VerifyAsync(VerifyArgs args, JobMeta trigger, CancellationToken cancellationToken)
    {
        var outcome = await verifier.VerifyAsync(new VerifyRequest(args.Set, args.Tier, Restore: args.Restore, CompleteOnly: args.CompleteOnly, Target: args.Target), cancellationToken);
        var problems = outcome.Verification.Problems;
        return outcome.Passed
            ? trigger with
            {
                SetId = outcome.Set.Id.ToString(),
                Status = "passed",
                Summary = $"{outcome.Verification.Files.Count} files verified{(args.Restore ? " with test restores" : "")}",
            }
            : throw Errors.VerificationFailed(outcome.Set.Id.ToString(), problems);
    }

    private async Task<JobMeta> BackupAsync(BackupArgs args, JobMeta trigger, CancellationToken cancellationToken)
    {
        var (outcome, _) = await BackupAndPruneAsync(new BackupRequest(args.Tier, args.Databases), null, cancellationToken);
        var manifest = outcome.Manifest;
        if (!outcome.Complete)
        {
            var failed = manifest.Databases.Append(manifest.Globals).OfType<DatabaseDump>().Where(d => d.Status == DumpStatus.Failed);
            throw new HourglassException($"set {outcome.SetId} is partial: {string.Join("; ", failed.Select(d => $"{d.Name}: {d.Error}"))}");
        }

        return trigger with
        {
            SetId = outcome.SetId.ToString(),
            Status = "complete",
            Bytes = manifest.Databases.Sum(d => d.Bytes) + (manifest.Globals?.Bytes ?? 0),
            DurationMs = (long)(manifest.FinishedAt - manifest.StartedAt).TotalMilliseconds,
            Databases = manifest.Databases.ToDictionary(d => d.Name, d => $"{d.Bytes} bytes in {d.DurationMs} ms", StringComparer.Ordinal),
        };
    }

    /// <summary>A copy job; a failure is published as <see cref="CopyFailed"/> (final on the last attempt, or when the data is at fault) before the worker records it.</summary>
    private async Task<JobMeta> CopyAsync(CopyArgs args, JobMeta trigger, bool lastAttempt, CancellationToken cancellationToken)
    {
        var id = SetId.TryParse(args.Set, null) ?? throw Errors.SetNotFound(args.Set);
        CopyOutcome outcome;
        try
        {
            outcome = await CopyAsync(id, args.Target, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var final = lastAttempt || e is HourglassException { IsDataFault: true };
            events.Publish(new CopyFailed(time.GetUtcNow(), args.Target, id, e.Message, final));
            throw;
        }

        return trigger with
        {
            SetId = args.Set,
            Status = outcome.AlreadyThere ? "already there" : "copied",
            Bytes = outcome.Bytes,
            DurationMs = (long)outcome.Duration.TotalMilliseconds,
            Summary = $"{args.Set} to target {args.Target}",
        };
    }

    private async Task<JobMeta> RestoreAsync(RestoreArgs args, JobMeta trigger, CancellationToken cancellationToken)
    {
        var outcome = await restores.RunAsync(new RestoreRequest(args.Set, args.Database, args.Into, args.Force, args.Tier, Target: args.Target), null, cancellationToken);
        return trigger with
        {
            SetId = outcome.SetId,
            Status = "restored",
            DurationMs = (long)outcome.Duration.TotalMilliseconds,
            Summary = $"{outcome.Database} into {outcome.Target}: {outcome.Tables} tables, {outcome.Rows} rows",
        };
    }

    private async Task<JobMeta> PruneAsync(PruneArgs args, JobMeta trigger, CancellationToken cancellationToken)
    {
        var plans = await pruner.PruneAsync(args.Tier, dryRun: false, args.Target, cancellationToken);
        return trigger with
        {
            Status = "pruned",
            Summary = string.Join("; ", plans.Select(p => $"{p.Tier}: {p.Kept.Count()} kept, {p.Removed.Count()} removed")),
        };
    }
}
