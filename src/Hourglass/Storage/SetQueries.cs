namespace Hourglass.Storage;

/// <summary>
/// The questions every command asks of a store, answered once: which set a person means, and which set holds the
/// newest good dump of a database. Restore, verify, status and (soon) the API all use these.
/// </summary>
public static class SetQueries
{
    /// <summary>The word that selects the newest good dump (or set).</summary>
    public const string Latest = "latest";

    /// <summary>The sets holding a dump of <paramref name="database"/> (good or not), or all of them when it is null: what <c>list --db</c> and the API's sets list.</summary>
    public static IEnumerable<StoredSet> Holding(IEnumerable<StoredSet> sets, string? database) =>
        database is null ? sets : sets.Where(s => s.Manifest?.Find(database) is not null);

    /// <summary>The newest of <paramref name="sets"/> (newest first) that holds a good dump of <paramref name="database"/>, or null.</summary>
    public static StoredSet? NewestGood(IEnumerable<StoredSet> sets, string database) =>
        sets.FirstOrDefault(s => s.Manifest?.Find(database) is { Status: DumpStatus.Ok });

    /// <summary>
    /// The set a person named: <c>tier/backup_…</c>, or a bare <c>backup_…</c> within <paramref name="tier"/> or, without
    /// one, in whichever single tier has it. A one-line error when there is none, or when the name is ambiguous.
    /// </summary>
    public static async Task<StoredSet> ResolveAsync(ISetStore store, string text, string? tier, CancellationToken cancellationToken)
    {
        if (SetId.TryParse(text, tier) is { } id)
        {
            return await store.FindAsync(id, cancellationToken) ?? throw Errors.SetNotFound(text);
        }

        var matches = (await store.ListSetsAsync(null, cancellationToken)).Where(s => s.Id.Name == text).ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw Errors.SetNotFound(text),
            _ => throw Errors.Usage($"'{text}' exists in tiers {string.Join(", ", matches.Select(m => m.Id.Tier))}: name the tier (--tier T or tier/{text})"),
        };
    }

    /// <summary>
    /// The set a copy takes: the one named, or with <see cref="Latest"/> the newest set with a good dump in one of
    /// <paramref name="tiers"/>. A one-line error when there is none.
    /// </summary>
    public static async Task<SetId> CopyableAsync(ISetStore store, string text, IReadOnlyCollection<string> tiers, CancellationToken cancellationToken)
    {
        if (text != Latest)
        {
            return (await ResolveAsync(store, text, tiers.Count == 1 ? tiers.First() : null, cancellationToken)).Id;
        }

        var newest = (await store.ListSetsAsync(null, cancellationToken))
            .FirstOrDefault(s => tiers.Contains(s.Id.Tier) && s.Manifest is { } manifest && manifest.Databases.Any(d => d.Status == DumpStatus.Ok));
        return newest?.Id ?? throw Errors.NothingToCopy(string.Join(", ", tiers), store.Location);
    }

    /// <summary>
    /// A good dump of <paramref name="database"/>: in the set named <paramref name="set"/>, or with <see cref="Latest"/>
    /// the newest good one (in <paramref name="tier"/> when given). A one-line error when there is none.
    /// </summary>
    public static async Task<(StoredSet Set, DatabaseDump Dump)> GoodDumpAsync(ISetStore store, string set, string database, string? tier, CancellationToken cancellationToken)
    {
        if (set == Latest)
        {
            var newest = NewestGood(await store.ListSetsAsync(tier, cancellationToken), database)
                ?? throw Errors.NoGoodDump(database, tier is null ? store.Location : $"tier '{tier}'");
            return (newest, newest.Manifest!.Find(database)!);
        }

        var named = await ResolveAsync(store, set, tier, cancellationToken);
        var manifest = named.Manifest ?? throw Errors.SetUnreadable(named.Id.ToString(), "restored", named.Problem);
        var dump = manifest.Find(database);
        return dump is { Status: DumpStatus.Ok }
            ? (named, dump)
            : throw Errors.DumpNotGood(named.Id.ToString(), database, dump is null ? "it was not part of that set" : dump.Error);
    }
}
