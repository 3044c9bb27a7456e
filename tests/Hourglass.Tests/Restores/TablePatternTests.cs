using Hourglass.Postgres;
using Hourglass.Restores;

namespace Hourglass.Tests.Restores;

public sealed class TablePatternTests
{
    // What a person types, and the tables (schema, name) it matches or does not.
    [Theory]
    // A bare name matches that table in any schema, exactly as written
    [InlineData("people", "public", "people", true)]
    [InlineData("people", "billing", "people", true)]
    [InlineData("people", "public", "people2", false)]
    [InlineData("People", "public", "people", false)]
    [InlineData("Events Table", "Audit Log", "Events Table", true)]
    [InlineData("events table", "Audit Log", "Events Table", false)]
    // schema.name
    [InlineData("public.people", "public", "people", true)]
    [InlineData("public.people", "billing", "people", false)]
    [InlineData("Audit Log.Events Table", "Audit Log", "Events Table", true)]
    // Quoted parts hold dots and doubled quotes
    [InlineData("\"Audit Log\".\"Events Table\"", "Audit Log", "Events Table", true)]
    [InlineData("\"Audit Log\".Events Table", "Audit Log", "Events Table", true)]
    [InlineData("\"we.ird \"\"names\"\"\"", "public", "we.ird \"names\"", true)]
    [InlineData("public.\"we.ird \"\"names\"\"\"", "public", "we.ird \"names\"", true)]
    [InlineData("\"Events.Table\"", "Audit Log", "Events.Table", true)]
    [InlineData("\"people\"", "public", "people", true)]
    public void Matches_NameAsTyped_MatchesTablesCaseSensitively(string text, string schema, string table, bool matches) =>
        Assert.Equal(matches, TablePattern.TryParse(text)!.Matches(new QualifiedName(schema, table)));

    [Theory]
    [InlineData("")]
    [InlineData(".people")]
    [InlineData("public.")]
    [InlineData("a.b.c")]
    [InlineData("\"unclosed")]
    [InlineData("\"\"")]
    [InlineData("pe\"ople")]
    [InlineData("\"public\"x.people")]
    public void TryParse_NotAName_GivesNull(string text) =>
        Assert.Null(TablePattern.TryParse(text));

    [Theory]
    [InlineData("billing", "billing")]
    [InlineData("Audit Log", "Audit Log")]
    [InlineData("\"Audit Log\"", "Audit Log")]
    [InlineData("\"a.b\"", "a.b")]
    [InlineData("a.b", null)]
    [InlineData("", null)]
    public void TryParseName_OnePart_GivesIt(string text, string? expected) =>
        Assert.Equal(expected, TablePattern.TryParseName(text));

    [Theory]
    [InlineData("public", "people", "public.people")]
    [InlineData("Audit Log", "Events Table", "\"Audit Log\".\"Events Table\"")]
    [InlineData("public", "we.ird \"names\"", "public.\"we.ird \"\"names\"\"\"")]
    [InlineData("public", "_x1", "public._x1")]
    [InlineData("public", "1x", "public.\"1x\"")]
    public void Format_Name_CanBeTypedBack(string schema, string table, string expected)
    {
        var name = new QualifiedName(schema, table);

        Assert.Equal(expected, TablePattern.Format(name));
        Assert.True(TablePattern.TryParse(expected)!.Matches(name));
    }
}
