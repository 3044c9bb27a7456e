using System.Runtime.CompilerServices;
using System.Text;
using Hourglass.Restores;

namespace Hourglass.Tests.Restores;

public sealed class EntrySelectorTests
{
    // What every selection keeps of the rich dump: what belongs to no relation.
    private static readonly string[] NoRelation = ["SCHEMA Audit Log", "SCHEMA billing", "DOMAIN positive_money", "TYPE mood", "FUNCTION touch()"];

    // Every entry of the rich dump, "Type Name", in dump order.
    private static readonly string[] Everything =
    [
        .. NoRelation, "TABLE Events Table", "SEQUENCE Events Table_id_seq", "SEQUENCE invoice_no", "TABLE invoices",
        "MATERIALIZED VIEW totals", "TABLE empty", "TABLE people", "COMMENT TABLE people", "VIEW happy_people", "TABLE measurements",
        "TABLE measurements_2025", "TABLE measurements_2026", "SEQUENCE people_id_seq", "SEQUENCE OWNED BY people_id_seq",
        "TABLE we.ird \"names\"", "TABLE ATTACH measurements_2025", "TABLE ATTACH measurements_2026", "DEFAULT people id", "BLOB 16631",
        "TABLE DATA Events Table", "TABLE DATA invoices", "TABLE DATA empty", "TABLE DATA measurements_2025", "TABLE DATA measurements_2026",
        "TABLE DATA people", "TABLE DATA we.ird \"names\"", "SEQUENCE SET Events Table_id_seq", "SEQUENCE SET invoice_no",
        "SEQUENCE SET people_id_seq", "BLOBS BLOBS", "CHECK CONSTRAINT invoices amount_cap", "CONSTRAINT invoices invoices_pkey",
        "CONSTRAINT people people_pkey", "INDEX measurements_at_idx", "INDEX measurements_2025_at_idx", "INDEX measurements_2026_at_idx",
        "INDEX people_profile_idx", "COMMENT INDEX people_profile_idx", "INDEX ATTACH measurements_2025_at_idx",
        "INDEX ATTACH measurements_2026_at_idx", "TRIGGER people people_touch", "FK CONSTRAINT invoices invoices_person_id_fkey",
        "ROW SECURITY people", "POLICY people people_all", "ACL TABLE people", "MATERIALIZED VIEW DATA totals",
    ];

    private static readonly string[] People =
    [
        "TABLE people", "COMMENT TABLE people", "SEQUENCE people_id_seq", "SEQUENCE OWNED BY people_id_seq", "DEFAULT people id",
        "TABLE DATA people", "SEQUENCE SET people_id_seq", "CONSTRAINT people people_pkey", "INDEX people_profile_idx",
        "COMMENT INDEX people_profile_idx", "TRIGGER people people_touch", "ROW SECURITY people", "POLICY people people_all", "ACL TABLE people",
    ];

    private static readonly string[] EventsTable =
        ["TABLE Events Table", "SEQUENCE Events Table_id_seq", "TABLE DATA Events Table", "SEQUENCE SET Events Table_id_seq"];

    private static readonly string[] Measurements =
    [
        "TABLE measurements", "TABLE measurements_2025", "TABLE measurements_2026", "TABLE ATTACH measurements_2025",
        "TABLE ATTACH measurements_2026", "TABLE DATA measurements_2025", "TABLE DATA measurements_2026", "INDEX measurements_at_idx",
        "INDEX measurements_2025_at_idx", "INDEX measurements_2026_at_idx", "INDEX ATTACH measurements_2025_at_idx",
        "INDEX ATTACH measurements_2026_at_idx",
    ];

    private static readonly string[] Data =
    [
        "BLOB 16631", "TABLE DATA Events Table", "TABLE DATA invoices", "TABLE DATA empty", "TABLE DATA measurements_2025",
        "TABLE DATA measurements_2026", "TABLE DATA people", "TABLE DATA we.ird \"names\"", "SEQUENCE SET Events Table_id_seq",
        "SEQUENCE SET invoice_no", "SEQUENCE SET people_id_seq", "BLOBS BLOBS",
    ];

    // Options, and exactly the entries they restore, in dump order.
    public static TheoryData<string[], string[]> Selections => new()
    {
        // A table brings its sequence (owned, with its ownership and value), default, data, index and its comment,
        // constraint, trigger, row security, policy, comment and grant; the view over it is not selected
        { ["--table", "people"], [.. NoRelation, .. People] },
        { ["--table", "public.people"], [.. NoRelation, .. People] },
        // A sequence a default calls nextval on, though no table owns it; the foreign key to people is left out
        {
            ["--table", "billing.invoices"],
            [.. NoRelation, "SEQUENCE invoice_no", "TABLE invoices", "TABLE DATA invoices", "SEQUENCE SET invoice_no", "CHECK CONSTRAINT invoices amount_cap", "CONSTRAINT invoices invoices_pkey"]
        },
        // Both ends of the foreign key: it is restored
        {
            ["--table", "people", "--table", "invoices"],
            [
                .. NoRelation, "SEQUENCE invoice_no", "TABLE invoices", "TABLE people", "COMMENT TABLE people", "SEQUENCE people_id_seq",
                "SEQUENCE OWNED BY people_id_seq", "DEFAULT people id", "TABLE DATA invoices", "TABLE DATA people", "SEQUENCE SET invoice_no",
                "SEQUENCE SET people_id_seq", "CHECK CONSTRAINT invoices amount_cap", "CONSTRAINT invoices invoices_pkey", "CONSTRAINT people people_pkey",
                "INDEX people_profile_idx", "COMMENT INDEX people_profile_idx", "TRIGGER people people_touch", "FK CONSTRAINT invoices invoices_person_id_fkey",
                "ROW SECURITY people", "POLICY people people_all", "ACL TABLE people",
            ]
        },
        // An identity column's sequence; the name quoted or not
        { ["--table", "\"Audit Log\".\"Events Table\""], [.. NoRelation, .. EventsTable] },
        { ["--table", "Events Table"], [.. NoRelation, .. EventsTable] },
        { ["--schema", "\"Audit Log\""], [.. NoRelation, .. EventsTable] },
        // A schema: its tables, sequences and materialized view with its refresh
        {
            ["--schema", "billing"],
            [.. NoRelation, "SEQUENCE invoice_no", "TABLE invoices", "MATERIALIZED VIEW totals", "TABLE DATA invoices", "SEQUENCE SET invoice_no", "CHECK CONSTRAINT invoices amount_cap", "CONSTRAINT invoices invoices_pkey", "MATERIALIZED VIEW DATA totals"]
        },
        {
            ["--schema", "billing", "--exclude-table", "totals"],
            [.. NoRelation, "SEQUENCE invoice_no", "TABLE invoices", "TABLE DATA invoices", "SEQUENCE SET invoice_no", "CHECK CONSTRAINT invoices amount_cap", "CONSTRAINT invoices invoices_pkey"]
        },
        // A partitioned table brings its partitions; a partition alone is not attached, nor are its indexes
        { ["--table", "measurements"], [.. NoRelation, .. Measurements] },
        { ["--table", "measurements_2025"], [.. NoRelation, "TABLE measurements_2025", "TABLE DATA measurements_2025", "INDEX measurements_2025_at_idx"] },
        // Sections: data is rows, sequence values and large objects
        { ["--data-only"], Data },
        { ["--table", "people", "--data-only"], ["TABLE DATA people", "SEQUENCE SET people_id_seq"] },
        { ["--table", "people", "--schema-only"], [.. NoRelation, .. People.Where(e => e is not ("TABLE DATA people" or "SEQUENCE SET people_id_seq"))] },
        // Everything but some
        { ["--schema-only"], [.. Everything.Except(Data)] },
        {
            ["--exclude-table", "people"],
            [.. Everything.Except([.. People, "VIEW happy_people", "FK CONSTRAINT invoices invoices_person_id_fkey"])]
        },
        { ["--exclude-table", "measurements"], [.. Everything.Except(Measurements)] },
        { ["--exclude-table", "\"we.ird \"\"names\"\"\""], [.. Everything.Except(["TABLE we.ird \"names\"", "TABLE DATA we.ird \"names\""])] },
    };

    [Theory]
    [MemberData(nameof(Selections))]
    public async Task Select_Options_RestoreExactlyTheseEntries(string[] options, string[] expected)
    {
        var (entries, _) = await SelectAsync(RealDumps.Rich, Selection(options));

        Assert.Equal(expected, entries);
    }

    [Fact]
    public async Task Select_NothingSelected_RestoresEveryEntry()
    {
        var (entries, selector) = await SelectAsync(RealDumps.Rich, RestoreSelection.All);

        Assert.Equal(Everything, entries);
        Assert.Empty(selector.Warnings);
    }

    // Options, and what they say they left out.
    public static TheoryData<string[], string[]> Warned => new()
    {
        { ["--table", "people"], [] },
        { ["--table", "invoices"], ["foreign key invoices_person_id_fkey of billing.invoices is not restored: the table it references, public.people, is not restored"] },
        // Only what would have run is worth a word: --data-only restores no foreign key anyway
        { ["--table", "invoices", "--data-only"], [] },
        {
            ["--exclude-table", "people"],
            [
                "view public.happy_people is not restored: its definition names public.people, which is not restored",
                "foreign key invoices_person_id_fkey of billing.invoices is not restored: the table it references, public.people, is not restored",
            ]
        },
        { ["--table", "happy_people"], ["view public.happy_people is not restored: its definition names public.people, which is not restored"] },
        { ["--table", "happy_people", "--table", "people"], [] },
        { ["--table", "measurements_2025"], ["partition public.measurements_2025 is restored as a table of its own: its partitioned table public.measurements is not restored"] },
    };

    [Theory]
    [MemberData(nameof(Warned))]
    public async Task Select_LeavingOutWhatNeedsAMissingTable_WarnsOncePerEntry(string[] options, string[] expected)
    {
        var (_, selector) = await SelectAsync(RealDumps.Rich, Selection(options));

        Assert.Equal(expected, selector.Warnings);
    }

    private static readonly string[] OddNoRelation = ["SCHEMA Audit Log", "TYPE pair", "COMMENT COLUMN pair.a", "FUNCTION f()"];

    // Options on the dump of what names other relations: the entries restored, and the warnings.
    public static TheoryData<string[], string[], string[]> OddSelections => new()
    {
        // A table inheriting from an excluded one cannot be created: it goes, with the sequence it owns; the foreign
        // key to the excluded table goes, and so does the comment on that key
        {
            ["--exclude-table", "\"Audit Log\".\"Events Table\""],
            [
                .. OddNoRelation, "SEQUENCE Seq's \"odd\"", "TABLE m", "TABLE m1", "TABLE r", "TABLE uses", "VIEW v", "TABLE we.ird \"names\"",
                "SEQUENCE we.ird \"names\"_id_seq", "SEQUENCE OWNED BY we.ird \"names\"_id_seq", "TABLE ATTACH m1", "DEFAULT we.ird \"names\" id",
                "TABLE DATA m1", "TABLE DATA r", "TABLE DATA uses", "TABLE DATA we.ird \"names\"", "SEQUENCE SET Seq's \"odd\"",
                "SEQUENCE SET we.ird \"names\"_id_seq", "CONSTRAINT m m_pkey", "CONSTRAINT m1 m1_pkey", "CONSTRAINT we.ird \"names\" we.ird \"names\"_pkey",
                "INDEX ATTACH m1_pkey", "RULE r r rule", "RULE v v_ins", "TRIGGER we.ird \"names\" ct", "POLICY uses reads_r", "ROW SECURITY uses",
            ],
            [
                "table \"Audit Log\".\"Events Table_child\" is not restored: its definition names \"Audit Log\".\"Events Table\", which is not restored",
                "foreign key we.ird \"names\"_ev_fkey of public.\"we.ird \"\"names\"\"\" is not restored: the table it references, \"Audit Log\".\"Events Table\", is not restored",
            ]
        },
        // A sequence no table owns, for a default; a policy that queries a table not restored goes
        {
            ["--table", "uses"],
            [.. OddNoRelation, "SEQUENCE Seq's \"odd\"", "TABLE uses", "TABLE DATA uses", "SEQUENCE SET Seq's \"odd\"", "ROW SECURITY uses"],
            ["policy reads_r of public.uses is not restored: it names public.r, which is not restored"]
        },
        {
            ["--table", "uses", "--table", "r"],
            [
                .. OddNoRelation, "SEQUENCE Seq's \"odd\"", "TABLE r", "TABLE uses", "TABLE DATA r", "TABLE DATA uses", "SEQUENCE SET Seq's \"odd\"",
                "RULE r r rule", "POLICY uses reads_r", "ROW SECURITY uses",
            ],
            []
        },
        // A view over a table not restored, with its rule
        { ["--table", "v"], OddNoRelation, ["view public.v is not restored: its definition names public.r, which is not restored"] },
        {
            ["--table", "\"we.ird \"\"names\"\"\""],
            [
                .. OddNoRelation, "TABLE we.ird \"names\"", "SEQUENCE we.ird \"names\"_id_seq", "SEQUENCE OWNED BY we.ird \"names\"_id_seq",
                "DEFAULT we.ird \"names\" id", "TABLE DATA we.ird \"names\"", "SEQUENCE SET we.ird \"names\"_id_seq",
                "CONSTRAINT we.ird \"names\" we.ird \"names\"_pkey", "TRIGGER we.ird \"names\" ct",
            ],
            ["foreign key we.ird \"names\"_ev_fkey of public.\"we.ird \"\"names\"\"\" is not restored: the table it references, \"Audit Log\".\"Events Table\", is not restored"]
        },
        // A partition alone: its primary key's attachment to the partitioned table's goes too
        {
            ["--table", "m1"],
            [.. OddNoRelation, "TABLE m1", "TABLE DATA m1", "CONSTRAINT m1 m1_pkey"],
            ["partition public.m1 is restored as a table of its own: its partitioned table public.m is not restored"]
        },
    };

    [Theory]
    [MemberData(nameof(OddSelections))]
    public async Task Select_RelationsThatNameOthers_GoWithThemAndSaySo(string[] options, string[] expected, string[] warnings)
    {
        var (entries, selector) = await SelectAsync(RealDumps.Odd, Selection(options));

        Assert.Equal(expected, entries);
        Assert.Equal(warnings, selector.Warnings);
    }

    [Fact]
    public async Task Select_NamesThatMatchNothing_AreUnmatchedOnceTheStreamEnded()
    {
        var selection = Selection("--table", "people", "--table", "People", "--schema", "nosuch", "--schema", "billing", "--schema", "public", "--exclude-table", "\"events table\"", "--exclude-table", "empty");
        var (_, selector) = await SelectAsync(RealDumps.Rich, selection);

        Assert.Equal(["--table People", "--schema nosuch", "--exclude-table \"events table\""], selector.Unmatched);
    }

    [Fact]
    public async Task Select_DroppedTableData_IsPassedOverUnreadAndKeptTableDataComesAsItIsRead()
    {
        var ct = TestContext.Current.CancellationToken;
        var events = new List<string>();
        using var reader = await DumpReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(RealDumps.Rich)), ct);
        var selector = new EntrySelector(Selection("--table", "people"));
        await foreach (var entry in selector.SelectAsync(WatchAsync(reader.ReadEntriesAsync(ct), events, ct), ct))
        {
            events.Add($"got {entry.Type} {entry.Name}");
            if (entry.Copy is { } copy)
            {
                await copy.SkipAsync(ct);
            }
        }

        Assert.Equal(
            [
                "read TABLE DATA Events Table", "past TABLE DATA Events Table, 0 rows read",
                "read TABLE DATA invoices", "past TABLE DATA invoices, 0 rows read",
                "read TABLE DATA empty", "past TABLE DATA empty, 0 rows read",
                "read TABLE DATA measurements_2025", "past TABLE DATA measurements_2025, 0 rows read",
                "read TABLE DATA measurements_2026", "past TABLE DATA measurements_2026, 0 rows read",
                "read TABLE DATA people", "got TABLE DATA people", "past TABLE DATA people, 3 rows read",
                "read TABLE DATA we.ird \"names\"", "past TABLE DATA we.ird \"names\", 0 rows read",
            ],
            events.Where(e => e.Contains("TABLE DATA", StringComparison.Ordinal)));
        // The pre-data is held only until the data starts: all of it comes before the first table's data is passed over.
        Assert.True(events.IndexOf("got TABLE people") < events.IndexOf("past TABLE DATA Events Table, 0 rows read"));
    }

    [Fact]
    public async Task Select_SecondDump_IsRefused()
    {
        var (_, selector) = await SelectAsync(RealDumps.Rich, Selection("--table", "people"));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await selector.SelectAsync(AsyncEnumerable.Empty<DumpEntry>(), TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Select_TableDataOfATableTheDumpDoesNotDefine_FollowsTheOptions()
    {
        // pg_dump writes an extension's configuration tables' rows without their CREATE TABLE.
        const string Dump = "--\n-- Data for Name: cfg; Type: TABLE DATA; Schema: public; Owner: postgres\n--\n\nCOPY public.cfg (k) FROM stdin;\na\n\\.\n\n";

        Assert.Equal(["TABLE DATA cfg"], (await SelectAsync(Dump, Selection("--exclude-table", "people"))).Entries);
        Assert.Equal(["TABLE DATA cfg"], (await SelectAsync(Dump, Selection("--table", "cfg"))).Entries);
        Assert.Empty((await SelectAsync(Dump, Selection("--table", "people"))).Entries);
    }

    [Fact]
    public async Task Select_EntryWhoseTableCannotBeRead_IsLeftOutOfASelectionWithAWarning()
    {
        const string Dump = "--\n-- Name: broken; Type: INDEX; Schema: public; Owner: postgres\n--\n\nCREATE INDEX broken ON\n\n";

        var (entries, selector) = await SelectAsync(Dump, Selection("--table", "people"));

        Assert.Empty(entries);
        Assert.Equal(["could not tell which table INDEX broken belongs to, so it is not restored"], selector.Warnings);
        Assert.Equal(["INDEX broken"], (await SelectAsync(Dump, Selection("--exclude-table", "people"))).Entries);
    }

    // The rich dump's tables as its manifest keys them.
    private static readonly string[] ManifestTables =
    [
        "\"Audit Log\".\"Events Table\"", "billing.invoices", "public.empty", "public.measurements_2025", "public.measurements_2026",
        "public.people", "public.\"we.ird \"\"names\"\"\"",
    ];

    [Theory]
    [InlineData("--table", "people")]
    [InlineData("--table", "public.people")]
    [InlineData("--table", "Events Table")]
    [InlineData("--table", "\"Audit Log\".\"Events Table\"")]
    [InlineData("--table", "\"we.ird \"\"names\"\"\"")]
    // Only --table is checked: the others may name what has no rows
    [InlineData("--exclude-table", "nosuch")]
    [InlineData("--schema", "nosuch")]
    public void EnsureTablesExist_NamesOfTheDump_Pass(string option, string name) =>
        EntrySelector.EnsureTablesExist(Selection(option, name), ManifestTables, "daily/backup_20250101_010000", "app");

    [Theory]
    // Names as typed: no case folding; a partitioned table has no rows of its own
    [InlineData(new[] { "--table", "People" }, "the dump of 'app' in set daily/backup_20250101_010000 has no table People: run `hourglass show daily/backup_20250101_010000 --db app` to see its tables")]
    [InlineData(new[] { "--table", "people", "--table", "nosuch", "--table", "billing.people", "--table", "measurements" }, "has no tables nosuch, billing.people, measurements:")]
    // Contradictions
    [InlineData(new[] { "--schema-only", "--data-only" }, "--schema-only and --data-only contradict each other: pass only one of them")]
    [InlineData(new[] { "--table", "people", "--exclude-table", "people" }, "--table people and --exclude-table people contradict each other")]
    // Names that are not names
    [InlineData(new[] { "--table", "a.b.c" }, "--table 'a.b.c' is not a name: give name or schema.name")]
    [InlineData(new[] { "--exclude-table", "\"unclosed" }, "--exclude-table '\"unclosed' is not a name")]
    [InlineData(new[] { "--schema", "a.b" }, "--schema 'a.b' is not a name: give one name")]
    public void EnsureTablesExist_SelectionThatCannotBeHonoured_IsAUsageError(string[] options, string message)
    {
        var error = Assert.Throws<HourglassException>(() => EntrySelector.EnsureTablesExist(Selection(options), ManifestTables, "daily/backup_20250101_010000", "app"));

        Assert.Equal(ExitCode.Usage, error.ExitCode);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void New_ContradictorySelection_IsAUsageError() =>
        Assert.Equal(ExitCode.Usage, Assert.Throws<HourglassException>(() => new EntrySelector(Selection("--schema-only", "--data-only"))).ExitCode);

    [Fact]
    public void IsAll_NoOptions_IsTrue()
    {
        Assert.True(Selection().IsAll);
        Assert.True(RestoreSelection.All.IsAll);
    }

    [Theory]
    [InlineData("--table", "people")]
    [InlineData("--schema", "billing")]
    [InlineData("--exclude-table", "people")]
    [InlineData("--schema-only")]
    [InlineData("--data-only")]
    public void IsAll_AnySelectionExclusionOrSection_IsFalse(params string[] options) =>
        Assert.False(Selection(options).IsAll);

    /// <summary>A selection as the CLI's options give it.</summary>
    private static RestoreSelection Selection(params string[] options)
    {
        var tables = new List<string>();
        var schemas = new List<string>();
        var excluded = new List<string>();
        for (var i = 0; i < options.Length; i++)
        {
            switch (options[i])
            {
                case "--table": tables.Add(options[++i]); break;
                case "--schema": schemas.Add(options[++i]); break;
                case "--exclude-table": excluded.Add(options[++i]); break;
            }
        }

        return new RestoreSelection(tables, schemas, excluded, options.Contains("--schema-only"), options.Contains("--data-only"));
    }

    /// <summary>The entries the selection restores of <paramref name="dump"/>, "Type Name", with the selector to ask about them.</summary>
    private static async Task<(List<string> Entries, EntrySelector Selector)> SelectAsync(string dump, RestoreSelection selection)
    {
        var ct = TestContext.Current.CancellationToken;
        using var reader = await DumpReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(dump)), ct);
        var selector = new EntrySelector(selection);
        var entries = new List<string>();
        await foreach (var entry in selector.SelectAsync(reader.ReadEntriesAsync(ct), ct))
        {
            entries.Add($"{entry.Type} {entry.Name}");
        }

        return (entries, selector);
    }

    /// <summary>The entries, noting when each is read from the dump and how many of its rows were read when the reader is asked to move past it.</summary>
    private static async IAsyncEnumerable<DumpEntry> WatchAsync(IAsyncEnumerable<DumpEntry> entries, List<string> events, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            events.Add($"read {entry.Type} {entry.Name}");
            yield return entry;
            if (entry.Copy is { } copy)
            {
                events.Add($"past {entry.Type} {entry.Name}, {copy.Rows} rows read");
            }
        }
    }
}
