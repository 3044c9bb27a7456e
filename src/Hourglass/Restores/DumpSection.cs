namespace Hourglass.Restores;

/// <summary>
/// The three parts of a dump as pg_dump and pg_restore divide them: what must exist before data can load, the data,
/// and what is cheaper to build after it (indexes, constraints, triggers, materialized view refreshes).
/// </summary>
internal enum DumpSection
{
    /// <summary>Schemas, types, functions, tables, sequences, views: everything the data needs to load into.</summary>
    PreData,

    /// <summary>Table rows (<c>TABLE DATA</c>), sequence values (<c>SEQUENCE SET</c>) and large objects.</summary>
    Data,

    /// <summary>Indexes, constraints, triggers, rules, policies, materialized view data, and the grants pg_dump writes last.</summary>
    PostData,
}
