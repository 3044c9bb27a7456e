using Hourglass.Restores;

namespace Hourglass.Tests.Restores;

public sealed class DumpSectionsTests
{
    [Theory]
    // Data
    [InlineData("TABLE DATA", DumpSection.PreData, DumpSection.Data)]
    [InlineData("SEQUENCE SET", DumpSection.PreData, DumpSection.Data)]
    [InlineData("BLOBS", DumpSection.PreData, DumpSection.Data)]
    // Post-data, as pg_dump.c assigns them
    [InlineData("INDEX", DumpSection.Data, DumpSection.PostData)]
    [InlineData("INDEX ATTACH", DumpSection.Data, DumpSection.PostData)]
    [InlineData("CONSTRAINT", DumpSection.Data, DumpSection.PostData)]
    [InlineData("CHECK CONSTRAINT", DumpSection.Data, DumpSection.PostData)]
    [InlineData("FK CONSTRAINT", DumpSection.Data, DumpSection.PostData)]
    [InlineData("TRIGGER", DumpSection.Data, DumpSection.PostData)]
    [InlineData("RULE", DumpSection.Data, DumpSection.PostData)]
    [InlineData("POLICY", DumpSection.Data, DumpSection.PostData)]
    [InlineData("MATERIALIZED VIEW DATA", DumpSection.Data, DumpSection.PostData)]
    [InlineData("DEFAULT ACL", DumpSection.Data, DumpSection.PostData)]
    // Grants: pg_dump writes them after everything else
    [InlineData("ACL", DumpSection.PreData, DumpSection.PostData)]
    // Pre-data: everything else
    [InlineData("TABLE", DumpSection.PostData, DumpSection.PreData)]
    [InlineData("MATERIALIZED VIEW", DumpSection.PostData, DumpSection.PreData)]
    [InlineData("SEQUENCE OWNED BY", DumpSection.PreData, DumpSection.PreData)]
    [InlineData("TABLE ATTACH", DumpSection.PreData, DumpSection.PreData)]
    [InlineData("DEFAULT", DumpSection.PreData, DumpSection.PreData)]
    // Comments and labels go with the entry before them
    [InlineData("COMMENT", DumpSection.PreData, DumpSection.PreData)]
    [InlineData("COMMENT", DumpSection.PostData, DumpSection.PostData)]
    [InlineData("SECURITY LABEL", DumpSection.Data, DumpSection.Data)]
    public void Of_EntryType_GivesPgDumpsSection(string type, DumpSection previous, DumpSection expected) =>
        Assert.Equal(expected, DumpSections.Of(type, previous));
}
