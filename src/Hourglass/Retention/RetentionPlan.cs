using Hourglass.Configuration;

namespace Hourglass.Retention;

/// <summary>The planner's verdict on one folder, with the reason shown by <c>prune --dry-run</c> and the logs.</summary>
public sealed record RetentionDecision(RetentionCandidate Set, bool Keep, string Reason);

/// <summary>The verdicts for every folder of one tier, newest first.</summary>
public sealed record RetentionPlan(string Tier, RetentionPolicy Policy, IReadOnlyList<RetentionDecision> Decisions)
{
    public IEnumerable<RetentionDecision> Kept => Decisions.Where(d => d.Keep);

    public IEnumerable<RetentionDecision> Removed => Decisions.Where(d => !d.Keep);
}
