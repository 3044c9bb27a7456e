namespace Hourglass.IntegrationTests.Faults;

/// <summary>
/// What must hold after every round, whatever the fault: every set either store lists is whole; every whole set from
/// before the round is still there, unless retention had a reason to delete it (the <c>daily</c> tier and the target
/// keep 1,000, so none of theirs may go; a <c>seconds</c> set may go only when five whole ones newer than it
/// remain); no leftover of an interrupted backup or copy outlives the recovery; no scratch or staging database
/// lingers; the ledger never shows a slot twice or a failed attempt without its error; no alert is sent twice.
/// </summary>
internal static class Invariants
{
    /// <summary>The whole sets before a round, local and on the target.</summary>
    public sealed record Snapshot(IReadOnlySet<string> Local, IReadOnlySet<string> Target);

    public static async Task<Snapshot> TakeAsync(Lab lab, CancellationToken cancellationToken) => new(
        Whole(await StoredSets.LocalAsync(lab.Workspace.Root, cancellationToken)),
        Whole(await StoredSets.TargetAsync(lab, cancellationToken)));

    public static async Task<IReadOnlyList<string>> CheckAsync(Lab lab, Snapshot before, CancellationToken cancellationToken)
    {
        var local = await StoredSets.LocalAsync(lab.Workspace.Root, cancellationToken);
        var target = await StoredSets.TargetAsync(lab, cancellationToken);
        var violations = new List<string>();
        var wholeNow = Whole(local);
        violations.AddRange(local.SelectMany(s => s.Value.Select(p => $"local set {s.Key} is listed but {p}")));
        violations.AddRange(target.SelectMany(s => s.Value.Select(p => $"target set {s.Key} is listed but {p}")));
        violations.AddRange(before.Local.Where(id => !local.ContainsKey(id) && !Retention.MayHaveDeleted(id, wholeNow)).Select(id => $"the good local set {id} is gone"));
        violations.AddRange(before.Target.Where(id => !target.ContainsKey(id)).Select(id => $"the good target set {id} is gone"));
        violations.AddRange(LocalLeftovers(lab.Workspace.Root).Select(f => $"the local leftover {f} outlived the recovery"));
        violations.AddRange((await lab.Offsite.UploadsAsync(cancellationToken)).Select(u => $"the unfinished upload of {u.Key} outlived the recovery"));
        violations.AddRange((await ScratchDatabasesAsync(lab, cancellationToken)).Select(d => $"the scratch database {d} outlived the recovery"));
        violations.AddRange(await new LedgerView(lab).ViolationsAsync(rescueWithin: null, cancellationToken));
        violations.AddRange(Alerts.Repeated(lab));
        return violations;
    }

    /// <summary>The lab's retention: only the <c>seconds</c> tier deletes, and only sets with five whole newer ones.</summary>
    private static class Retention
    {
        public static bool MayHaveDeleted(string id, IReadOnlySet<string> whole) =>
            id.StartsWith(Lab.SecondsTier + "/", StringComparison.Ordinal)
            && whole.Count(w => w.StartsWith(Lab.SecondsTier + "/", StringComparison.Ordinal) && string.CompareOrdinal(w, id) > 0) >= Lab.SecondsTierKeep;
    }

    private static HashSet<string> Whole(IReadOnlyDictionary<string, IReadOnlyList<string>> sets) =>
        [.. sets.Where(s => s.Value.Count == 0).Select(s => s.Key)];

    /// <summary>Folders a backup or a delete leaves while it runs: <c>.partial</c> and <c>.deleting</c>.</summary>
    private static IEnumerable<string> LocalLeftovers(string root) =>
        Directory.Exists(root)
            ? Directory.EnumerateDirectories(root, "*", SearchOption.AllDirectories)
                .Where(d => d.EndsWith(".partial", StringComparison.Ordinal) || d.EndsWith(".deleting", StringComparison.Ordinal))
                .Select(d => Path.GetRelativePath(root, d))
            : [];

    private static async Task<IReadOnlyList<string>> ScratchDatabasesAsync(Lab lab, CancellationToken cancellationToken)
    {
        var names = await lab.Cluster.ScalarAsync<string[]>(
            "postgres", @"SELECT coalesce(array_agg(datname ORDER BY datname), '{}') FROM pg_database WHERE datname LIKE 'hourglass\_%'", cancellationToken);
        return names;
    }
}
