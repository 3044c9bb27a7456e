using Hourglass.Backups;
using Hourglass.Scheduling;
using Hourglass.Storage;
using Microsoft.Extensions.Logging;

namespace Hourglass.Retention;

/// <summary>Applies <see cref="RetentionPlanner"/> to the sets on disk: plans every configured tier and deletes what the plan removes.</summary>
public sealed class Pruner(BackupStore store, IReadOnlyList<CronTier> tiers, ILogger<Pruner> logger)
{
    /// <summary>Plans (and unless <paramref name="dryRun"/>, carries out) retention for one tier or all of them.</summary>
    public Task<IReadOnlyList<RetentionPlan>> PruneAsync(string? tier, bool dryRun, CancellationToken cancellationToken)
    {
        var selected = tier is null ? tiers : [tiers.FirstOrDefault(t => t.Name == tier) ?? throw Errors.UnknownTier(tier, tiers.Select(t => t.Name))];
        var plans = new List<RetentionPlan>();
        foreach (var cronTier in selected)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var plan = RetentionPlanner.Plan(cronTier.Name, Candidates(cronTier.Name), cronTier.Keep);
            plans.Add(plan);
            foreach (var decision in plan.Decisions)
            {
                if (decision.Keep)
                {
                    logger.SetKept(decision.Set.Id.ToString(), decision.Reason);
                }
                else if (!dryRun)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    store.Delete(decision.Set.Id, PathOf(decision.Set));
                    logger.SetPruned(decision.Set.Id.ToString(), decision.Reason);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<RetentionPlan>>(plans);
    }

    private IEnumerable<RetentionCandidate> Candidates(string tier)
    {
        foreach (var set in store.Sets(tier))
        {
            yield return set.Manifest is { } manifest
                ? new RetentionCandidate(
                    set.Id,
                    manifest.Status == SetStatus.Complete ? CandidateKind.Complete : CandidateKind.Partial,
                    manifest.Databases.Where(d => d.Status == DumpStatus.Ok).Select(d => d.Name).ToList())
                {
                    VerifiedDatabases = manifest.Verification?.PassedDatabases.ToList() ?? [],
                }
                : new RetentionCandidate(set.Id, CandidateKind.Unreadable, [], set.Problem);
        }

        foreach (var leftover in store.Leftovers(tier))
        {
            var kind = leftover.Kind switch
            {
                LeftoverKind.InProgress => CandidateKind.InProgress,
                LeftoverKind.Unfinished => CandidateKind.Unfinished,
                _ => CandidateKind.Deleting,
            };
            yield return new RetentionCandidate(leftover.Id, kind, []);
        }
    }

    private string PathOf(RetentionCandidate candidate) => candidate.Kind switch
    {
        CandidateKind.Unfinished => Path.Combine(store.Root, candidate.Id.Tier, candidate.Id.Name + SetId.PartialSuffix),
        CandidateKind.Deleting => Path.Combine(store.Root, candidate.Id.Tier, candidate.Id.Name + SetId.DeletingSuffix),
        _ => Path.Combine(store.Root, candidate.Id.Tier, candidate.Id.Name),
    };
}
