using System.Globalization;
using Hourglass.Configuration;

namespace Hourglass.Retention;

/// <summary>
/// Which sets of a tier to keep, as one pure function with a reason for every verdict.
/// <list type="number">
/// <item>The newest <c>keep</c> complete sets are kept; partial sets never count toward <c>keep</c>.</item>
/// <item>Calendar keeps (grandfather-father-son): the newest complete set of each of the newest <c>daily</c> days,
/// <c>weekly</c> ISO weeks and <c>monthly</c> months that have one, in the tier's time zone. A set kept by several rules
/// counts once (restic's <c>forget --keep-daily/weekly/monthly</c> works the same way).</item>
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
    /// <summary>The verdicts for <paramref name="candidates"/> under <paramref name="policy"/>; days, weeks and months are those of <paramref name="zone"/> (UTC when null).</summary>
    public static RetentionPlan Plan(string tier, IEnumerable<RetentionCandidate> candidates, RetentionPolicy policy, TimeZoneInfo? zone = null)
    {
        if (policy.Problem() is { } problem)
        {
            throw new ArgumentException($"retention policy {policy}: {problem}", nameof(policy));
        }

        var keep = policy.Keep;
        var ordered = candidates.OrderByDescending(c => c.Id).ToList();
        var finished = ordered.Where(c => c.Kind is CandidateKind.Complete or CandidateKind.Partial).ToList();
        var complete = finished.Where(c => c.Kind == CandidateKind.Complete).ToList();
        var newestComplete = complete.Take(keep).ToHashSet();
        var calendar = CalendarKeeps(complete, policy, zone ?? TimeZoneInfo.Utc);

        // Partial sets stay while they are among the newest sets, as many as the policy keeps recent ones.
        var recent = Math.Max(1, keep > 0 ? keep : policy.Daily);
        var newestOverall = finished.Take(recent).ToHashSet();

        var newestGoodOf = NewestHolders(finished, c => c.GoodDatabases);
        var newestVerifiedOf = NewestHolders(finished, c => c.VerifiedDatabases);

        var decisions = ordered.Select(candidate => candidate.Kind switch
        {
            CandidateKind.InProgress => Keep(candidate, "being written by a running backup"),
            CandidateKind.Unreadable => Keep(candidate, $"{candidate.Note ?? "no readable manifest"}; left for a person to look at"),
            CandidateKind.Unfinished => Remove(candidate, "unfinished set left by an interrupted backup"),
            CandidateKind.Deleting => Remove(candidate, "left over from an interrupted prune"),
            _ when newestComplete.Contains(candidate) => Keep(candidate, $"one of the newest {keep} complete sets"),
            _ when calendar.TryGetValue(candidate, out var periods) => Keep(candidate, $"newest complete set of {string.Join(", ", periods)}"),
            _ when Protection(candidate, newestGoodOf, newestVerifiedOf) is { } reason => Keep(candidate, reason),
            CandidateKind.Partial when newestOverall.Contains(candidate) => Keep(candidate, $"partial, but among the newest {recent} sets"),
            CandidateKind.Partial => Remove(candidate, $"partial and older than the newest {recent} sets"),
            _ => Remove(candidate, policy.HasCalendar ? $"not kept by {policy}" : $"older than the newest {keep} complete sets"),
        }).ToList();

        return new RetentionPlan(tier, policy, decisions);
    }

    /// <summary>
    /// The sets the calendar keeps hold, each with the periods it is the newest of (<c>day 2026-11-25</c>,
    /// <c>week 2026-W48</c>, <c>month 2026-11</c>). <paramref name="complete"/> is newest first.
    /// </summary>
    private static Dictionary<RetentionCandidate, List<string>> CalendarKeeps(List<RetentionCandidate> complete, RetentionPolicy policy, TimeZoneInfo zone)
    {
        var kept = new Dictionary<RetentionCandidate, List<string>>();
        Keep(policy.Daily, local => "day " + local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Keep(policy.Weekly, local => string.Create(CultureInfo.InvariantCulture, $"week {ISOWeek.GetYear(local)}-W{ISOWeek.GetWeekOfYear(local):00}"));
        Keep(policy.Monthly, local => "month " + local.ToString("yyyy-MM", CultureInfo.InvariantCulture));
        return kept;

        void Keep(int periods, Func<DateTime, string> periodOf)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var candidate in complete)
            {
                if (seen.Count == periods)
                {
                    return;
                }

                var period = periodOf(TimeZoneInfo.ConvertTime(candidate.Id.StartedAt, zone).DateTime);
                if (seen.Add(period))
                {
                    if (!kept.TryGetValue(candidate, out var list))
                    {
                        kept[candidate] = list = [];
                    }

                    list.Add(period);
                }
            }
        }
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
