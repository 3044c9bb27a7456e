using System.Text;
using Hourglass.Restores;

namespace Hourglass.Tests.Restores;

public sealed class DumpReaderTests
{
    // A plain dump as pg_dump 15 writes it, with odd names, rows holding escaped backslashes, tabs, newlines and \.,
    // an empty table, settings between entries, a comment on a post-data object and grants written last.
    private const string Dump = """"
        --
        -- PostgreSQL database dump
        --

        \restrict abc123

        -- Dumped from database version 15.14
        -- Dumped by pg_dump version 15.14

        SET statement_timeout = 0;
        SET client_encoding = 'UTF8';
        SELECT pg_catalog.set_config('search_path', '', false);
        SET check_function_bodies = false;

        --
        -- Name: Audit Log; Type: SCHEMA; Schema: -; Owner: postgres
        --

        CREATE SCHEMA "Audit Log";


        ALTER SCHEMA "Audit Log" OWNER TO postgres;

        --
        -- Name: touch(); Type: FUNCTION; Schema: public; Owner: postgres
        --

        CREATE FUNCTION public.touch() RETURNS trigger
            LANGUAGE plpgsql
            AS $$
        BEGIN
            -- Name: not a header; Type: COMMENT
            RETURN NEW;
        END $$;


        SET default_tablespace = '';

        SET default_table_access_method = heap;

        --
        -- Name: Events.Table; Type: TABLE; Schema: Audit Log; Owner: postgres
        --

        CREATE TABLE "Audit Log"."Events.Table" (
            id bigint NOT NULL,
            "What ""Happened""" text
        );

        --
        -- Data for Name: Events.Table; Type: TABLE DATA; Schema: Audit Log; Owner: postgres
        --

        COPY "Audit Log"."Events.Table" (id, "What ""Happened""") FROM stdin;
        1	first line\nsecond\tline with tab\\ and backslash\n\\.\nnot the end
        2	\\.
        3	\.x
        4	\N
        \.


        --
        -- Data for Name: empty; Type: TABLE DATA; Schema: public; Owner: postgres
        --

        COPY public.empty (id) FROM stdin;
        \.


        --
        -- Name: Events.Table_id_seq; Type: SEQUENCE SET; Schema: Audit Log; Owner: postgres
        --

        SELECT pg_catalog.setval('"Audit Log"."Events.Table_id_seq"', 4, true);


        --
        -- Name: Events.Table events_pkey; Type: CONSTRAINT; Schema: Audit Log; Owner: postgres
        --

        ALTER TABLE ONLY "Audit Log"."Events.Table"
            ADD CONSTRAINT events_pkey PRIMARY KEY (id);


        --
        -- Name: CONSTRAINT events_pkey ON "Audit Log"."Events.Table"; Type: COMMENT; Schema: Audit Log; Owner: postgres
        --

        COMMENT ON CONSTRAINT events_pkey ON "Audit Log"."Events.Table" IS 'the key';


        --
        -- Name: TABLE "Events.Table"; Type: ACL; Schema: Audit Log; Owner: postgres
        --

        GRANT SELECT ON TABLE "Audit Log"."Events.Table" TO PUBLIC;


        --
        -- PostgreSQL database dump complete
        --

        \unrestrict abc123


        """";

    [Fact]
    public async Task ReadEntries_PlainDump_LabelsEveryEntryWithNameTypeSchemaAndOwner()
    {
        var entries = await ReadAllAsync(Dump);

        Assert.Equal(
            [
                ("Audit Log", "SCHEMA", null),
                ("touch()", "FUNCTION", "public"),
                ("Events.Table", "TABLE", "Audit Log"),
                ("Events.Table", "TABLE DATA", "Audit Log"),
                ("empty", "TABLE DATA", "public"),
                ("Events.Table_id_seq", "SEQUENCE SET", "Audit Log"),
                ("Events.Table events_pkey", "CONSTRAINT", "Audit Log"),
                ("CONSTRAINT events_pkey ON \"Audit Log\".\"Events.Table\"", "COMMENT", "Audit Log"),
                ("TABLE \"Events.Table\"", "ACL", "Audit Log"),
            ],
            entries.Select(e => (e.Entry.Name, e.Entry.Type, e.Entry.Schema)));
        Assert.All(entries, e => Assert.Equal("postgres", e.Entry.Owner));
    }

    [Fact]
    public async Task ReadEntries_PlainDump_PutsEachEntryInPgDumpsSection()
    {
        var entries = await ReadAllAsync(Dump);

        Assert.Equal(
            [
                DumpSection.PreData, DumpSection.PreData, DumpSection.PreData, DumpSection.Data, DumpSection.Data,
                DumpSection.Data, DumpSection.PostData, DumpSection.PostData, DumpSection.PostData,
            ],
            entries.Select(e => e.Entry.Section));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task ReadEntries_AnyReadSize_ReproducesTheDumpByteForByte(int readSize)
    {
        var bytes = Encoding.UTF8.GetBytes(Dump);
        using var reader = await DumpReader.OpenAsync(new TrickleStream(bytes, readSize), TestContext.Current.CancellationToken);
        var copy = new MemoryStream();
        copy.Write(reader.Preamble.Span);
        DumpEntry? previous = null;
        await foreach (var entry in reader.ReadEntriesAsync(TestContext.Current.CancellationToken))
        {
            // A trailer is known once the reader moved on to the next entry.
            copy.Write(previous is null ? [] : previous.Trailer.ToArray());
            copy.Write(entry.Sql.Span);
            if (entry.Copy is { } block)
            {
                DumpRows rows;
                while (!(rows = await block.ReadAsync(TestContext.Current.CancellationToken)).IsEnd)
                {
                    copy.Write(rows.Data.Span);
                }
            }

            previous = entry;
        }

        copy.Write(previous is null ? [] : previous.Trailer.ToArray());
        copy.Write(reader.Epilogue.Span);
        Assert.Equal(Dump, Encoding.UTF8.GetString(copy.ToArray()));
    }

    [Fact]
    public async Task Copy_RowsWithEscapedBackslashesTabsNewlinesAndDots_EndOnlyAtABareTerminator()
    {
        var entries = await ReadAllAsync(Dump);

        var events = entries.Single(e => e.Entry.Type == "TABLE DATA" && e.Entry.Name == "Events.Table");
        Assert.Equal("\"Audit Log\".\"Events.Table\"", events.Entry.Copy!.Table);
        Assert.Equal("COPY \"Audit Log\".\"Events.Table\" (id, \"What \"\"Happened\"\"\") FROM stdin;", events.Entry.Copy.Statement);
        Assert.Equal(4, events.Rows);
        Assert.StartsWith("1\tfirst line\\nsecond\\tline", events.Data);
        Assert.EndsWith("4\t\\N\n", events.Data);
        Assert.StartsWith("\\.\n", Encoding.UTF8.GetString(events.Entry.Trailer.Span));
    }

    [Fact]
    public async Task Copy_EmptyTable_HasNoRows()
    {
        var entries = await ReadAllAsync(Dump);

        var empty = entries.Single(e => e.Entry.Name == "empty");
        Assert.Equal(0, empty.Rows);
        Assert.True(empty.Entry.Copy!.Ended);
    }

    [Fact]
    public async Task ReadEntries_RowsLeftUnread_AreSkippedAndCounted()
    {
        using var reader = await DumpReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(Dump)), TestContext.Current.CancellationToken);
        var copies = new List<DumpCopy>();
        var types = new List<string>();
        await foreach (var entry in reader.ReadEntriesAsync(TestContext.Current.CancellationToken))
        {
            types.Add(entry.Type);
            if (entry.Copy is { } copy)
            {
                copies.Add(copy);
            }
        }

        Assert.Equal(9, types.Count);
        Assert.Equal([4L, 0L], copies.Select(c => c.Rows));
    }

    [Fact]
    public async Task ReadEntries_SettingsBetweenEntries_ApplyToTheEntriesAfterThem()
    {
        var entries = await ReadAllAsync(Dump);

        var function = entries.Single(e => e.Entry.Type == "FUNCTION").Entry;
        var table = entries.Single(e => e.Entry.Type == "TABLE").Entry;
        Assert.DoesNotContain(function.Settings, s => s.StartsWith("SET default_tablespace", StringComparison.Ordinal));
        Assert.Equal(
            [
                "SET statement_timeout = 0;", "SET client_encoding = 'UTF8';", "SELECT pg_catalog.set_config('search_path', '', false);",
                "SET check_function_bodies = false;", "SET default_tablespace = '';", "SET default_table_access_method = heap;",
            ],
            table.Settings);
    }

    [Fact]
    public async Task Open_PlainDump_ReadsThePreambleAndItsSettings()
    {
        using var reader = await DumpReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(Dump)), TestContext.Current.CancellationToken);

        var preamble = Encoding.UTF8.GetString(reader.Preamble.Span);
        Assert.StartsWith("--\n-- PostgreSQL database dump\n", preamble);
        Assert.EndsWith("SET check_function_bodies = false;\n\n", preamble);
        Assert.Contains("\\restrict abc123", preamble);
        Assert.Equal(4, reader.Settings.Count);
    }

    [Fact]
    public async Task ReadEntries_CommentInsideAFunction_StaysInItsEntry()
    {
        var entries = await ReadAllAsync(Dump);

        var function = entries.Single(e => e.Entry.Type == "FUNCTION").Entry;
        Assert.Contains("-- Name: not a header; Type: COMMENT", function.Text);
        Assert.StartsWith("--\n-- Name: touch(); Type: FUNCTION;", function.Text);
    }

    [Fact]
    public async Task ReadEntries_DumpCompleteComment_StartsTheEpilogue()
    {
        using var reader = await DumpReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(Dump)), TestContext.Current.CancellationToken);
        await foreach (var _ in reader.ReadEntriesAsync(TestContext.Current.CancellationToken))
        {
        }

        Assert.Equal("--\n-- PostgreSQL database dump complete\n--\n\n\\unrestrict abc123\n\n", Encoding.UTF8.GetString(reader.Epilogue.Span));
    }

    [Fact]
    public async Task Copy_DumpCutInsideTheBlock_ThrowsInvalidData()
    {
        var cut = Dump[..Dump.IndexOf("3\t\\.x", StringComparison.Ordinal)];
        using var reader = await DumpReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(cut)), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () =>
        {
            await foreach (var _ in reader.ReadEntriesAsync(TestContext.Current.CancellationToken))
            {
            }
        });
        Assert.Contains("\"Audit Log\".\"Events.Table\"", error.Message);
    }

    [Fact]
    public async Task ReadEntries_EntriesAfterTheFirstRead_CannotBeReadAgain()
    {
        using var reader = await DumpReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(Dump)), TestContext.Current.CancellationToken);
        await foreach (var _ in reader.ReadEntriesAsync(TestContext.Current.CancellationToken))
        {
        }

        await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await foreach (var _ in reader.ReadEntriesAsync(TestContext.Current.CancellationToken))
            {
            }
        });
    }

    [Fact]
    public async Task ReadEntries_TableOfManyMegabytes_ReadsInTheSameBuffer()
    {
        const int rows = 2_000_000;
        var source = new GeneratedDump(rows, rowLength: 40);
        using var reader = await DumpReader.OpenAsync(source, TestContext.Current.CancellationToken);
        var initial = reader.BufferCapacity;
        var copy = (await reader.ReadEntriesAsync(TestContext.Current.CancellationToken).FirstAsync(TestContext.Current.CancellationToken)).Copy!;
        await copy.SkipAsync(TestContext.Current.CancellationToken);

        Assert.Equal(rows, copy.Rows);
        Assert.Equal(rows * 41L, copy.Bytes);
        Assert.Equal(initial, reader.BufferCapacity);
    }

    [Fact]
    public async Task Copy_RowLongerThanTheBuffer_ComesWhole()
    {
        var row = "1\t" + new string('x', 3 << 20) + "\n";
        var dump = "--\n-- Data for Name: big; Type: TABLE DATA; Schema: public; Owner: postgres\n--\n\nCOPY public.big (id, note) FROM stdin;\n" + row + "2\ty\n\\.\n\n";

        var entry = Assert.Single(await ReadAllAsync(dump));

        Assert.Equal(2, entry.Rows);
        Assert.Equal(row + "2\ty\n", entry.Data);
    }

    private static async Task<List<(DumpEntry Entry, long Rows, string Data)>> ReadAllAsync(string dump)
    {
        using var reader = await DumpReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(dump)), TestContext.Current.CancellationToken);
        var entries = new List<(DumpEntry, long, string)>();
        await foreach (var entry in reader.ReadEntriesAsync(TestContext.Current.CancellationToken))
        {
            var data = new StringBuilder();
            if (entry.Copy is { } copy)
            {
                DumpRows rows;
                while (!(rows = await copy.ReadAsync(TestContext.Current.CancellationToken)).IsEnd)
                {
                    data.Append(Encoding.UTF8.GetString(rows.Data.Span));
                }
            }

            entries.Add((entry, entry.Copy?.Rows ?? 0, data.ToString()));
        }

        return entries;
    }

    /// <summary>Hands out at most a few bytes per read, so lines and rows arrive cut at every possible place.</summary>
    private sealed class TrickleStream(byte[] bytes, int readSize) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, readSize)], cancellationToken);
    }

    /// <summary>A dump of one table with <paramref name="rows"/> rows, made as it is read: nothing of it is held.</summary>
    private sealed class GeneratedDump(int rows, int rowLength) : Stream
    {
        private static readonly byte[] Head = Encoding.UTF8.GetBytes("--\n-- Data for Name: t; Type: TABLE DATA; Schema: public; Owner: postgres\n--\n\nCOPY public.t (note) FROM stdin;\n");
        private static readonly byte[] Tail = Encoding.UTF8.GetBytes("\\.\n\n");
        private readonly byte[] _row = Encoding.UTF8.GetBytes(new string('r', rowLength) + "\n");
        private long _position;

        private long Total => Head.Length + ((long)rows * _row.Length) + Tail.Length;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count && _position < Total)
            {
                buffer[offset + written++] = ByteAt(_position++);
            }

            return written;
        }

        private byte ByteAt(long position)
        {
            if (position < Head.Length)
            {
                return Head[position];
            }

            position -= Head.Length;
            return position < (long)rows * _row.Length ? _row[position % _row.Length] : Tail[position - ((long)rows * _row.Length)];
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
