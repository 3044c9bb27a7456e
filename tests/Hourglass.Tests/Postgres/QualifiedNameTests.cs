using Hourglass.Postgres;

namespace Hourglass.Tests.Postgres;

public sealed class QualifiedNameTests
{
    [Theory]
    // As pg_dump writes them: bare lower-case names, quoted ones, "" for a quote inside.
    [InlineData("public.events", "public", "events", "\"public\".\"events\"")]
    [InlineData("_s1.t_2", "_s1", "t_2", "\"_s1\".\"t_2\"")]
    [InlineData("\"Audit Log\".\"Events Table\"", "Audit Log", "Events Table", "\"Audit Log\".\"Events Table\"")]
    [InlineData("public.\"Mixed\"\"Quote\"", "public", "Mixed\"Quote", "\"public\".\"Mixed\"\"Quote\"")]
    [InlineData("\"a.b\".\"c.d\"", "a.b", "c.d", "\"a.b\".\"c.d\"")]
    [InlineData("public.\"ünï\"", "public", "ünï", "\"public\".\"ünï\"")]
    // SQL inside a quoted name stays inside it: the quoting doubles the quote that would end it.
    [InlineData("public.\"x\"\"; DROP TABLE y; --\"", "public", "x\"; DROP TABLE y; --", "\"public\".\"x\"\"; DROP TABLE y; --\"")]
    public void TryParse_PgDumpNames_PartsAndQuotedForm(string text, string schema, string table, string quoted)
    {
        var name = QualifiedName.TryParse(text);

        Assert.Equal(new QualifiedName(schema, table), name);
        Assert.Equal(quoted, name!.Quoted);
    }

    [Theory]
    // Not one schema-qualified name.
    [InlineData("")]
    [InlineData("events")]
    [InlineData("a.b.c")]
    [InlineData("public.")]
    [InlineData(".events")]
    [InlineData("\"\".t")]
    [InlineData("public.\"unterminated")]
    [InlineData("public.\"a\"b")]
    [InlineData("public.\"a\0b\"")]
    // Not as pg_dump writes a bare name: it quotes anything but lower-case letters, digits and underscores.
    [InlineData("Public.Events")]
    [InlineData("public.1st")]
    [InlineData("public.t$")]
    [InlineData("public. events")]
    // SQL smuggled after or around a name.
    [InlineData("public.t; DROP TABLE x; --")]
    [InlineData("public.t\"; DROP TABLE x; --")]
    [InlineData("public.t WHERE false")]
    [InlineData("public.t--")]
    [InlineData("(SELECT 1).t")]
    public void TryParse_AnythingElse_Null(string text) =>
        Assert.Null(QualifiedName.TryParse(text));
}
