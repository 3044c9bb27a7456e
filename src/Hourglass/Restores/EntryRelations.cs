using Hourglass.Postgres;

namespace Hourglass.Restores;

/// <summary>
/// The relations a dump entry acts on, read from its SQL (pg_dump writes every name schema-qualified and quoted where
/// needed): what a parallel load keeps apart so that no two connections wait on each other's locks, and what a
/// selective restore selects by.
/// </summary>
/// <param name="Table">The table, view, materialized view or sequence the entry defines, loads or belongs to (an
/// index's or constraint's table, a comment's or grant's object); null for entries that belong to no relation
/// (schemas, types, functions) or whose SQL cannot be read.</param>
/// <param name="Referenced">For an <c>FK CONSTRAINT</c>, the table its <c>REFERENCES</c> names.</param>
/// <param name="Parent">For a <c>TABLE ATTACH</c>, the partitioned table the partition attaches to.</param>
internal sealed record EntryRelations(QualifiedName? Table, QualifiedName? Referenced, QualifiedName? Parent)
{
    /// <summary>An entry that acts on no relation.</summary>
    public static readonly EntryRelations None = new(null, null, null);

    /// <summary>The relations <paramref name="entry"/> acts on.</summary>
    public static EntryRelations Of(DumpEntry entry) => None;
}
