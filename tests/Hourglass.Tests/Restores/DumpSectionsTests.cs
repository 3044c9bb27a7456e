using Hourglass.Restores;

namespace Hourglass.Tests.Restores;

public sealed class DumpSectionsTests
{
    // Sections as names: the enum is internal, and a public test method cannot take it.
    [Theory]
    // Data
    [InlineData("TABLE DATA", "PreData", "Data")]
    [InlineData("SEQUENCE SET", "PreData", "Data")]
    [InlineData("BLOBS", "PreData", "Data")]
    // Post-data, as pg_dump.c assigns them
    [InlineData("INDEX", "Data", "PostData")]
    [InlineData("INDEX ATTACH", "Data", "PostData")]
    [InlineData("CONSTRAINT", "Data", "PostData")]
    [InlineData("CHECK CONSTRAINT", "Data", "PostData")]
    [InlineData("FK CONSTRAINT", "Data", "PostData")]
    [InlineData("TRIGGER", "Data", "PostData")]
    [InlineData("RULE", "Data", "PostData")]
    [InlineData("POLICY", "Data", "PostData")]
    [InlineData("MATERIALIZED VIEW DATA", "Data", "PostData")]
    [InlineData("DEFAULT ACL", "Data", "PostData")]
    // Grants: pg_dump writes them after everything else
    [InlineData("ACL", "PreData", "PostData")]
    // Pre-data: everything else
    [InlineData("TABLE", "PostData", "PreData")]
    [InlineData("MATERIALIZED VIEW", "PostData", "PreData")]
    [InlineData("SEQUENCE OWNED BY", "PreData", "PreData")]
    [InlineData("TABLE ATTACH", "PreData", "PreData")]
    [InlineData("DEFAULT", "PreData", "PreData")]
    // Comments and labels go with the entry before them
    [InlineData("COMMENT", "PreData", "PreData")]
    [InlineData("COMMENT", "PostData", "PostData")]
    [InlineData("SECURITY LABEL", "Data", "Data")]
    public void Of_EntryType_GivesPgDumpsSection(string type, string previous, string expected) =>
        Assert.Equal(Enum.Parse<DumpSection>(expected), DumpSections.Of(type, Enum.Parse<DumpSection>(previous)));
}
