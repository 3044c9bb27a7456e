using Hourglass.Configuration;
using Hourglass.Events;
using Hourglass.Storage;
using Microsoft.Extensions.Logging;

namespace Hourglass.Retention;

/// <summary>
/// Applies <see cref="RetentionPlanner"/> to the sets of a store: plans every tier and deletes what the plan removes.
/// The local root is planned with the configured tiers' keeps; a target with its own keeps, over the tiers it takes.
/// </summary>
public sealed class Pruner(SetStores stores, TierList tiers, EventStream events, TimeProvider time, ILogger<Pruner> logger)
{
    /// <summary>Plans (and unless <paramref name="dryRun"/>, carries out) retention for one tier or all of them.</summary>
    public async Task<IReadOnlyList<RetentionPlan>> PruneAsync(string? tier, bool dryRun, string? target, CancellationToken cancellationToken)
    {
        var store = stores.For(target);
        var planned = target is null ? tiers : stores.Targets.Get(target).Tiers;
        tiers.EnsureKnown(tier);
        if (tier is not null && target is not null && !planned.Any(t => t.Name == tier))
        {
            throw Errors.TierNotTaken(target, tier, planned.Select(t => t.Name));
        }

        IReadOnlyList<Tier> selected = tier is null ? planned : planned.Where(t => t.Name == tier).ToList();
        var plans = new List<RetentionPlan>();
        foreach (var each in selected)
        {
            var plan = RetentionPlanner.Plan(each.Name, await CandidatesAsync(store, each.Name, cancellationToken), each.Retention, each.Schedule.Zone);
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
                    await RemoveAsync(store, decision.Set, cancellationToken);
                    logger.SetPruned(decision.Set.Id.ToString(), decision.Reason);
                }
            }

            events.Publish(new PruneFinished(time.GetUtcNow(), each.Name, plan.Kept.Count(), [.. plan.Removed.Select(d => d.Set.Id)], dryRun, target));
        }

        return plans;
    }

    private static async Task<IReadOnlyList<RetentionCandidate>> CandidatesAsync(ISetStore store, string tier, CancellationToken cancellationToken)
    {
        var sets = (await store.ListSetsAsync(tier, cancellationToken)).Select(set => set.Manifest is { } manifest
            ? new RetentionCandidate(
                set.Id,
                manifest.Status == SetStatus.Complete ? CandidateKind.Complete : CandidateKind.Partial,
                manifest.Databases.Where(d => d.Status == DumpStatus.Ok).Select(d => d.Name).ToList())
            {
                VerifiedDatabases = manifest.Verification?.PassedDatabases.ToList() ?? [],
            }
            : new RetentionCandidate(set.Id, CandidateKind.Unreadable, [], set.Problem));
        var leftovers = (await store.ListLeftoversAsync(tier, cancellationToken)).Select(leftover => new RetentionCandidate(leftover.Id, leftover.Kind switch
        {
            LeftoverKind.InProgress => CandidateKind.InProgress,
            LeftoverKind.Unfinished => CandidateKind.Unfinished,
            _ => CandidateKind.Deleting,
        }, []));
        return [.. sets, .. leftovers];
    }

    private static Task RemoveAsync(ISetStore store, RetentionCandidate candidate, CancellationToken cancellationToken) => candidate.Kind switch
    {
        CandidateKind.Unfinished => store.RemoveLeftoverAsync(new Leftover(candidate.Id, LeftoverKind.Unfinished), cancellationToken),
        CandidateKind.Deleting => store.RemoveLeftoverAsync(new Leftover(candidate.Id, LeftoverKind.Deleting), cancellationToken),
        _ => store.DeleteAsync(candidate.Id, cancellationToken),
    };
}
