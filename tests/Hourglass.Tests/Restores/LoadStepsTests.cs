using System.Text;
using Hourglass.Restores;

namespace Hourglass.Tests.Restores;

public sealed class LoadStepsTests
{
    [Theory]
    // Definitions, refreshes, triggers and grants keep the dump's order, one at a time.
    [InlineData("TABLE", "CREATE TABLE public.t (id int);", nameof(LoadStep.Serial))]
    [InlineData("FUNCTION", "CREATE FUNCTION public.f() RETURNS int LANGUAGE sql AS 'SELECT 1';", nameof(LoadStep.Serial))]
    [InlineData("TRIGGER", "CREATE TRIGGER trg BEFORE UPDATE ON public.t FOR EACH ROW EXECUTE FUNCTION public.f();", nameof(LoadStep.Serial))]
    [InlineData("MATERIALIZED VIEW DATA", "REFRESH MATERIALIZED VIEW public.mv;", nameof(LoadStep.Serial))]
    [InlineData("ACL", "GRANT SELECT ON TABLE public.t TO PUBLIC;", nameof(LoadStep.Serial))]
    // Rows and sequence values go to every connection.
    [InlineData("SEQUENCE SET", "SELECT pg_catalog.setval('public.s', 42, true);", nameof(LoadStep.Data))]
    // Index builds and the constraints that build one run side by side; foreign keys after them.
    [InlineData("INDEX", "CREATE INDEX i ON public.t USING btree (id);", nameof(LoadStep.Indexes))]
    [InlineData("CONSTRAINT", "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT t_pkey PRIMARY KEY (id);", nameof(LoadStep.Indexes))]
    [InlineData("CHECK CONSTRAINT", "ALTER TABLE public.t\n    ADD CONSTRAINT c CHECK ((id > 0)) NOT VALID;", nameof(LoadStep.Indexes))]
    [InlineData("FK CONSTRAINT", "ALTER TABLE ONLY public.t\n    ADD CONSTRAINT f FOREIGN KEY (id) REFERENCES public.u(id);", nameof(LoadStep.ForeignKeys))]
    public async Task Of_EachKindOfEntry_ItsStep(string type, string sql, string step)
    {
        var entry = await EntryAsync(type, sql);

        Assert.Equal(step, LoadSteps.Of(entry).ToString());
    }

    [Theory]
    [InlineData("COMMENT", true)]
    [InlineData("SECURITY LABEL", true)]
    [InlineData("INDEX", false)]
    [InlineData("ACL", false)]
    public async Task FollowsPrevious_CommentsAndLabelsOnly(string type, bool follows)
    {
        var entry = await EntryAsync(type, "COMMENT ON TABLE public.t IS 'x';");

        Assert.Equal(follows, LoadSteps.FollowsPrevious(entry));
    }

    [Fact]
    public void ConflictsWith_IndexBuildsShareATable_ConstraintsHoldItAlone()
    {
        var index = new TableLock("public.t", Exclusive: false);
        var otherIndex = new TableLock("public.t", Exclusive: false);
        var constraint = new TableLock("public.t", Exclusive: true);
        var elsewhere = new TableLock("public.u", Exclusive: true);

        Assert.False(index.ConflictsWith(otherIndex));
        Assert.True(index.ConflictsWith(constraint));
        Assert.True(constraint.ConflictsWith(index));
        Assert.False(constraint.ConflictsWith(elsewhere));
    }

    [Fact]
    public void ConflictsWith_AnItemThatRunsAlone_ConflictsWithEverything()
    {
        var alone = LoadItem.Sql([], [], [], alone: true);
        var index = LoadItem.Sql([], [], [new TableLock("public.t", Exclusive: false)], alone: false);
        var rows = LoadItem.Sql([], [], [], alone: false);

        Assert.True(alone.ConflictsWith(index));
        Assert.True(rows.ConflictsWith(alone));
        Assert.False(rows.ConflictsWith(index));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData("\n\n-- a comment\n--\n", false)]
    [InlineData("\nSET default_tablespace = '';\n", true)]
    [InlineData("-- x\nSELECT 1/0;\n", true)]
    public void HasStatements_OnlyBlankLinesAndCommentsAreNothing(string text, bool statements)
    {
        Assert.Equal(statements, ScriptText.HasStatements(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void WithoutRestrict_DropsOnlyPsqlsRestrictLines()
    {
        var text = "--\n\\restrict abc\nSET a = 1;\n\\unrestrict abc\n";

        Assert.Equal("--\nSET a = 1;\n", Encoding.UTF8.GetString(ScriptText.WithoutRestrict(Encoding.UTF8.GetBytes(text)).Span));
    }

    [Fact]
    public void AfterEndOfData_DropsTheEndOfDataLineOnly()
    {
        Assert.Equal("\n\nSET x = 1;\n", Encoding.UTF8.GetString(ScriptText.AfterEndOfData("\\.\n\n\nSET x = 1;\n"u8.ToArray()).Span));
    }

    private static async Task<DumpEntry> EntryAsync(string type, string sql)
    {
        var dump = $"SET a = 1;\n\n--\n-- Name: x; Type: {type}; Schema: public; Owner: postgres\n--\n\n{sql}\n\n";
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(dump));
        using var reader = await DumpReader.OpenAsync(stream, TestContext.Current.CancellationToken);
        await foreach (var entry in reader.ReadEntriesAsync(TestContext.Current.CancellationToken))
        {
            return entry;
        }

        throw new InvalidOperationException("no entry");
    }
}
