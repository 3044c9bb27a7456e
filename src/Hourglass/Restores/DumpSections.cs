namespace Hourglass.Restores;

/// <summary>
/// Which section an entry belongs to, by its type, as pg_dump assigns them (<c>pg_dump.c</c> gives each object type
/// its section). Comments and security labels have none of their own: like <c>pg_restore</c>, they take the section
/// of the entry before them, which is the object they describe.
/// </summary>
internal static class DumpSections
{
    private static readonly HashSet<string> DataTypes = new(StringComparer.Ordinal)
    {
        "TABLE DATA", "SEQUENCE SET", "BLOBS", "BLOB DATA", "LARGE OBJECTS",
    };

    private static readonly HashSet<string> PostDataTypes = new(StringComparer.Ordinal)
    {
        "INDEX", "INDEX ATTACH", "CONSTRAINT", "CHECK CONSTRAINT", "FK CONSTRAINT", "TRIGGER", "EVENT TRIGGER", "RULE",
        "POLICY", "ROW SECURITY", "MATERIALIZED VIEW DATA", "STATISTICS", "PUBLICATION", "PUBLICATION TABLE",
        "PUBLICATION TABLES IN SCHEMA", "SUBSCRIPTION", "SUBSCRIPTION TABLE", "DEFAULT ACL",
        // pg_dump gives a grant no section of its own, but a plain dump writes every grant after all other entries
        // (pg_backup_archiver's ACL pass), so that is where it runs: after the objects and data it grants on.
        "ACL", "ACL LANGUAGE",
    };

    private static readonly HashSet<string> InheritingTypes = new(StringComparer.Ordinal) { "COMMENT", "SECURITY LABEL" };

    /// <summary>The section of an entry of <paramref name="type"/> that follows an entry of <paramref name="previous"/>.</summary>
    public static DumpSection Of(string type, DumpSection previous) =>
        DataTypes.Contains(type) ? DumpSection.Data
        : PostDataTypes.Contains(type) ? DumpSection.PostData
        : InheritingTypes.Contains(type) ? previous
        : DumpSection.PreData;

    /// <summary>A section as pg_dump's <c>--section</c> names it.</summary>
    public static string Name(DumpSection section) => section switch
    {
        DumpSection.PreData => "pre-data",
        DumpSection.Data => "data",
        _ => "post-data",
    };
}
