using Hourglass.Configuration;
using Hourglass.Storage;

namespace Hourglass.Scheduling;

/// <summary>
/// Which local sets a target should receive, as a pure function: for each tier the target takes, every finished
/// local set with a good dump that is newer than the target's newest copy of that tier, oldest first. So a target
/// that was down catches up in order, and copies whose jobs gave up while it was away (after
/// <see cref="Ledger.JobFactory.CopyAttempts"/>) are planned again on the next sweep. Older sets are never planned:
/// the target's own retention may have removed them on purpose. A target with no copy of a tier yet gets only the
/// newest set, not the local history; one whose sets cannot be listed (down, or refusing) gets the newest set too, so
/// the copy job exists, fails and shows in <c>jobs</c> rather than nothing happening. The ledger keys each copy by
/// target and set, so planning a queued copy again adds nothing.
/// </summary>
public static class CopyPlanner
{
    public static IReadOnlyList<SetId> Due(Target target, IEnumerable<StoredSet> local, IReadOnlyList<StoredSet>? copies)
    {
        var due = new List<SetId>();
        foreach (var tier in target.Tiers)
        {
            var candidates = local
                .Where(s => s.Id.Tier == tier.Name && s.Manifest is { } m && m.Databases.Any(d => d.Status == DumpStatus.Ok))
                .OrderByDescending(s => s.Id)
                .ToList();
            var newestCopy = copies?.Where(c => c.Id.Tier == tier.Name).Max(c => c.Id);
            var wanted = newestCopy is null
                ? candidates.Take(1)
                : candidates.TakeWhile(s => s.Id.CompareTo(newestCopy) > 0);
            due.AddRange(wanted.Select(s => s.Id).Reverse());
        }

        return due;
    }
}
