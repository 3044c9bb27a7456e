namespace Hourglass.Restores;

/// <summary>
/// How a parallel load runs an entry. Consecutive entries of one step form a group (indexes and foreign keys one
/// group together); a group starts only after the one before it finished, which keeps every dependency pg_dump's
/// order expresses between kinds of objects (the data after the tables, the foreign keys after the keys they
/// reference, see <see cref="LoadScheduler.RunGroupAsync"/>).
/// </summary>
internal enum LoadStep
{
    /// <summary>One after another, alone: definitions, matview refreshes, grants, and whatever is not known to be safe side by side.</summary>
    Serial,

    /// <summary>Rows and sequence values, spread over every connection, a large table's rows in chunks.</summary>
    Data,

    /// <summary>Indexes and the constraints that build one (primary keys, unique, exclusion, checks added apart), side by side where their tables allow.</summary>
    Indexes,

    /// <summary>Foreign keys, side by side where neither of their two tables is in use.</summary>
    ForeignKeys,
}

/// <summary>The <see cref="LoadStep"/> of each kind of entry.</summary>
internal static class LoadSteps
{
    /// <summary>The step of <paramref name="entry"/>.</summary>
    public static LoadStep Of(DumpEntry entry) => entry.Section == DumpSection.Data
        ? LoadStep.Data
        : entry.Type switch
        {
            "INDEX" or "CONSTRAINT" or "CHECK CONSTRAINT" => LoadStep.Indexes,
            "FK CONSTRAINT" => LoadStep.ForeignKeys,
            _ => LoadStep.Serial,
        };

    /// <summary>
    /// True for the steps whose items run as one group, foreign keys with the indexes and constraints before them: a
    /// foreign key can start as soon as its two tables' keys are built, while other tables' indexes still build.
    /// </summary>
    public static bool SideBySide(LoadStep step) => step is LoadStep.Indexes or LoadStep.ForeignKeys;

    /// <summary>True for entries that describe the entry before them (a comment or label on it) and run with it.</summary>
    public static bool FollowsPrevious(DumpEntry entry) => entry.Type is "COMMENT" or "SECURITY LABEL";

    /// <summary>
    /// The locks an entry of the <see cref="LoadStep.Indexes"/> or <see cref="LoadStep.ForeignKeys"/> step takes:
    /// an index build shares its table with other index builds; a constraint holds its table (and a foreign key the
    /// table it references) alone. Null when the tables cannot be read from the entry: then it runs alone.
    /// <paramref name="family"/> maps a partition to the partitioned table at the top of its hierarchy, so that one
    /// hierarchy's statements (which may lock parent and partition both) never run side by side.
    /// </summary>
    public static IReadOnlyList<TableLock>? LocksOf(DumpEntry entry, Func<string, string> family)
    {
        var relations = EntryRelations.Of(entry);
        if (relations.Table is not { } table)
        {
            return null;
        }

        if (entry.Type == "INDEX")
        {
            return [new TableLock(family(table.Quoted), Exclusive: false)];
        }

        if (entry.Type != "FK CONSTRAINT")
        {
            return [new TableLock(family(table.Quoted), Exclusive: true)];
        }

        return relations.Referenced is { } referenced
            ? [new TableLock(family(table.Quoted), Exclusive: true), new TableLock(family(referenced.Quoted), Exclusive: true)]
            : null;
    }
}
