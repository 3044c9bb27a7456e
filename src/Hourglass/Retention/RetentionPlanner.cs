using Hourglass.Configuration;

namespace Hourglass.Retention;

/// <summary>
/// Which sets of a tier to keep, as one pure function with a reason for every verdict.
/// <list type="number">
/// <item>The newest <c>keep</c> complete sets are kept; partial sets never count toward <c>keep</c>.</item>
/// <item>The newest good dump of every database is kept, even when that means more than <c>keep</c> sets.</item>
/// <item>The newest verified dump of every database is kept too, even when newer unverified sets exist: a backup
/// proven to restore is worth more than a newer one nobody has tried.</item>
/// <item>A partial set is also kept while it is among the newest <c>keep</c> sets of any kind, so a database that
/// keeps failing does not cost the others their recent history; beyond that it goes.</item>
/// <item>Sets being written and sets without a readable manifest are never touched; leftovers of crashed backups
/// and interrupted prunes are removed.</item>
/// </list>
/// </summary>
public static class RetentionPlanner
{
    public static RetentionPlan Plan(string tier, IEnumerable<RetentionCandidate> candidates, RetentionPolicy policy)
    {
        var keep = policy.Keep;
        ArgumentOutOfRangeException.ThrowIfLessThan(keep, 1);
        var ordered = candidates.OrderByDescending(c => c.Id).ToList();
        var finished = ordered.Where(c => c.Kind is CandidateKind.Complete or CandidateKind.Partial).ToList();
        var newestComplete = finished.Where(c => c.Kind == CandidateKind.Complete).Take(keep).ToHashSet();
        var newestOverall = finished.Take(keep).ToHashSet();

        var newestGoodOf = NewestHolders(finished, c => c.GoodDatabases);
        var newestVerifiedOf = NewestHolders(finished, c => c.VerifiedDatabases);

        var decisions = ordered.Select(candidate => candidate.Kind switch
        {
            CandidateKind.InProgress => Keep(candidate, "being written by a running backup"),
            CandidateKind.Unreadable => Keep(candidate, $"{candidate.Note ?? "no readable manifest"}; left for a person to look at"),
            CandidateKind.Unfinished => Remove(candidate, "unfinished set left by an interrupted backup"),
            CandidateKind.Deleting => Remove(candidate, "left over from an interrupted prune"),
            _ when newestComplete.Contains(candidate) => Keep(candidate, $"one of the newest {keep} complete sets"),
            _ when Protection(candidate, newestGoodOf, newestVerifiedOf) is { } reason => Keep(candidate, reason),
            CandidateKind.Partial when newestOverall.Contains(candidate) => Keep(candidate, $"partial, but among the newest {keep} sets"),
            CandidateKind.Partial => Remove(candidate, $"partial and older than the newest {keep} sets"),
            _ => Remove(candidate, $"older than the newest {keep} complete sets"),
        }).ToList();

        return new RetentionPlan(tier, policy, decisions);
    }

    /// <summary>For each database, the newest finished set in which <paramref name="databases"/> lists it.</summary>
    private static Dictionary<RetentionCandidate, List<string>> NewestHolders(List<RetentionCandidate> finished, Func<RetentionCandidate, IReadOnlyCollection<string>> databases)
    {
        var holders = new Dictionary<RetentionCandidate, List<string>>();
        foreach (var database in finished.SelectMany(databases).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var holder = finished.First(c => databases(c).Contains(database));
            if (!holders.TryGetValue(holder, out var list))
            {
                holders[holder] = list = [];
            }

            list.Add(database);
        }

        return holders;
    }

    /// <summary>Why a set beyond <c>keep</c> must stay, or null: it holds some database's newest good or newest verified dump.</summary>
    private static string? Protection(RetentionCandidate candidate, Dictionary<RetentionCandidate, List<string>> newestGood, Dictionary<RetentionCandidate, List<string>> newestVerified)
    {
        var reasons = new List<string>();
        if (newestGood.TryGetValue(candidate, out var good))
        {
            reasons.Add($"newest good dump of {string.Join(", ", good)}");
        }

        if (newestVerified.TryGetValue(candidate, out var verified))
        {
            reasons.Add($"newest verified dump of {string.Join(", ", verified)}");
        }

        return reasons.Count > 0 ? string.Join("; ", reasons) : null;
    }

    private static RetentionDecision Keep(RetentionCandidate candidate, string reason) => new(candidate, true, reason);

    private static RetentionDecision Remove(RetentionCandidate candidate, string reason) => new(candidate, false, reason);
}
