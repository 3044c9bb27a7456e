using System.Text;
using FsCheck;
using FsCheck.Xunit;
using Hourglass.Backups;

namespace Hourglass.Tests.Backups;

public sealed class CopyRowCounterTests
{
    private const string Dump = """
        --
        -- PostgreSQL database dump
        --
        CREATE TABLE public.events (id int, note text);
        CREATE FUNCTION f() RETURNS text LANGUAGE sql AS $$ SELECT 'COPY x FROM stdin' $$;
        COPY public.events (id, note) FROM stdin;
        1	first\nline
        2	\\.
        3	\N
        \.
        COPY "Audit Log"."Events Table" (id, "What Happened") FROM stdin;
        1	x
        \.
        COPY public.empty (id) FROM stdin;
        \.

        -- PostgreSQL database dump complete

        """;

    private static readonly Dictionary<string, long> Expected = new()
    {
        ["public.events"] = 3,
        ["\"Audit Log\".\"Events Table\""] = 1,
        ["public.empty"] = 0,
    };

    [Fact]
    public void Append_WholeDump_CountsRowsPerTableByQuotedName()
    {
        var counter = new CopyRowCounter();

        counter.Append(Encoding.UTF8.GetBytes(Dump));

        Assert.Equal(Expected, counter.Tables);
        Assert.False(counter.InsideCopy);
    }

    [Property(MaxTest = 300)]
    public bool Append_AnyChunking_GivesTheSameCounts(PositiveInt[] cuts)
    {
        var bytes = Encoding.UTF8.GetBytes(Dump);
        var counter = new CopyRowCounter();
        var at = 0;
        foreach (var cut in cuts)
        {
            var size = Math.Min(cut.Get % 17, bytes.Length - at);
            counter.Append(bytes.AsSpan(at, size));
            at += size;
        }

        counter.Append(bytes.AsSpan(at));
        return counter.Tables.Count == Expected.Count && Expected.All(e => counter.Tables[e.Key] == e.Value);
    }

    [Fact]
    public void Append_StreamEndsInsideCopy_ReportsInsideCopy()
    {
        var counter = new CopyRowCounter();

        counter.Append("COPY public.t (a) FROM stdin;\n1\n2\n"u8);

        Assert.True(counter.InsideCopy);
        Assert.Empty(counter.Tables);
    }
}
