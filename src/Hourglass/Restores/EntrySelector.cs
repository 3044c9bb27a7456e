using System.Runtime.CompilerServices;
using Hourglass.Postgres;

namespace Hourglass.Restores;

/// <summary>
/// Filters the entries of one dump for a selective restore (<see cref="RestoreSelection"/>), in one pass, as the
/// restore streams them: a table's rows are never held, and what the selection leaves out that a person should know
/// is said in <see cref="Warnings"/>.
/// </summary>
/// <remarks>
/// The rules, as README states them:
/// <list type="bullet">
/// <item><c>--table T</c> (repeatable) restores the tables, views, materialized views, foreign tables or sequences T
/// names, with what belongs to them: their definitions and defaults, the sequences they own or call <c>nextval</c>
/// on in a default, a partitioned table's partitions, their data, indexes, constraints, triggers, rules, policies,
/// row security, extended statistics, publication memberships, comments and grants. <c>--schema S</c> (repeatable)
/// does the same for every relation in S. Together they select the union.</item>
/// <item>Objects that belong to no relation (schemas, extensions, types, domains, functions, procedures, aggregates,
/// operators, collations, casts, text search objects, …) are always restored: a plain dump does not say what a table
/// needs, and a table whose enum type is missing cannot be created. Large objects are restored only when no
/// <c>--table</c> or <c>--schema</c> is given: they belong to no table.</item>
/// <item><c>--exclude-table T</c> removes T and what belongs to it (its partitions and the sequences it owns too)
/// from what the other options select, or from everything without them. Naming the same table in <c>--table</c> and
/// <c>--exclude-table</c> is refused as a contradiction; excluding a table of a selected schema is what the option
/// is for.</item>
/// <item>What could not be created without a relation that is not restored is left out, with a warning: a foreign
/// key that references it; a view, materialized view or table whose definition names it (reads it, inherits from
/// it), and then what names those; a rule, policy or trigger that names it; a partition's attachment to it (the
/// partition is restored as a table of its own); a sequence's ownership by it. A sequence a restored table needs is
/// restored even when its owning table is not.</item>
/// <item>A comment or security label is restored with the entry pg_dump writes it after, which is what it
/// describes, and only if the relation it names, if any, is restored.</item>
/// <item><c>--schema-only</c> then leaves out the data (<c>TABLE DATA</c>, <c>SEQUENCE SET</c> and large objects, as
/// pg_restore counts them); <c>--data-only</c> keeps only that data, for a database whose schema already exists. The
/// data keeps the dump's order, by name, not by foreign keys: loading it into tables whose foreign keys exist needs
/// their checks held off, as pg_restore's <c>--disable-triggers</c> does.</item>
/// </list>
/// Not caught: a function or type that names a table's row type needs that table selected too; nothing in a plain
/// dump says a function does.
/// </remarks>
internal sealed class EntrySelector(RestoreSelection selection)
{
    private static readonly HashSet<string> LargeObjectTypes = new(StringComparer.Ordinal)
    {
        "BLOB", "BLOBS", "BLOB DATA", "BLOB METADATA", "BLOB COMMENTS", "LARGE OBJECT", "LARGE OBJECTS", "LARGE OBJECT METADATA",
    };

    /// <summary>Entry types that always belong to a relation: one whose SQL cannot be read is a problem to report.</summary>
    private static readonly HashSet<string> BelongToRelation = new(StringComparer.Ordinal)
    {
        "TABLE", "VIEW", "MATERIALIZED VIEW", "FOREIGN TABLE", "TABLE DATA", "SEQUENCE SET", "SEQUENCE OWNED BY",
        "DEFAULT", "TABLE ATTACH", "INDEX", "CONSTRAINT", "FK CONSTRAINT", "TRIGGER", "RULE", "POLICY", "ROW SECURITY",
        "MATERIALIZED VIEW DATA", "STATISTICS", "STATISTICS DATA", "PUBLICATION TABLE",
    };

    private readonly RestoreSelection _selection = selection;
    private readonly Patterns _patterns = Patterns.Parse(selection);
    private readonly HashSet<QualifiedName> _relations = [];
    private readonly HashSet<string> _schemas = new(StringComparer.Ordinal);
    private readonly Dictionary<QualifiedName, QualifiedName> _partitionOf = [];
    private readonly Dictionary<QualifiedName, QualifiedName> _ownerOf = [];
    private readonly HashSet<QualifiedName> _sequences = [];
    private readonly HashSet<QualifiedName> _identities = [];
    private readonly Dictionary<QualifiedName, HashSet<QualifiedName>> _sequencesOf = [];
    private readonly Dictionary<QualifiedName, (string Kind, HashSet<QualifiedName> Names)> _definitions = [];
    private readonly HashSet<QualifiedName> _droppedIndexes = [];
    private readonly List<string> _warnings = [];
    private HashSet<QualifiedName>? _known;
    private HashSet<QualifiedName>? _kept;
    private bool _previous = true;
    private bool _started;
    private IReadOnlyList<string> _unmatched = [];

    private bool Selects => _patterns.Tables.Count > 0 || _patterns.Schemas.Count > 0;

    /// <summary>
    /// The entries to restore, in dump order, streamed: TABLE DATA entries (which carry a streamed COPY block the
    /// reader skips when it is not read) are yielded or dropped as they come, never held; pre-data entries (DDL,
    /// small) are held until the first entry after them, so that a sequence can follow the table that owns or uses
    /// it and a view the relations it reads. A selector filters one dump, once: it learns the dump as it goes.
    /// </summary>
    public async IAsyncEnumerable<DumpEntry> SelectAsync(IAsyncEnumerable<DumpEntry> entries, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (_started)
        {
            throw new InvalidOperationException("An entry selector filters one dump, once.");
        }

        _started = true;
        var held = new List<(DumpEntry Entry, EntryRelations Relations)>();
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            var relations = EntryRelations.Of(entry);
            Learn(entry, relations);
            if (_kept is null && entry.Section == DumpSection.PreData)
            {
                held.Add((entry, relations));
                continue;
            }

            foreach (var ready in Release(held))
            {
                yield return ready;
            }

            if (Keeps(entry, relations))
            {
                yield return entry;
            }
        }

        foreach (var ready in Release(held))
        {
            yield return ready;
        }

        _unmatched = FindUnmatched();
    }

    /// <summary>What the selection left out that a person should know (one line each), e.g. a foreign key to a table that is not restored.</summary>
    public IReadOnlyList<string> Warnings => _warnings;

    /// <summary>
    /// The <c>--table</c> / <c>--exclude-table</c> / <c>--schema</c> values that matched nothing in the dump, each
    /// with its option (<c>--table audit</c>); known once the stream ended.
    /// </summary>
    public IReadOnlyList<string> Unmatched => _unmatched;

    /// <summary>
    /// Throws the one-line usage error (exit 2) naming every <c>--table</c> that is not among the dump's tables,
    /// before anything is restored; also refuses a name that is not one and contradictory options
    /// (<c>--schema-only</c> with <c>--data-only</c>, one table both selected and excluded).
    /// </summary>
    /// <param name="selection">What to restore.</param>
    /// <param name="tables">The manifest's row-count keys: pg_dump's quoted qualified names of the tables with data,
    /// as <c>CopyRowCounter.TableName</c> writes them. So a <c>--table</c> must name a table with a COPY block (what
    /// <c>hourglass show</c> lists), not a partitioned table, view or sequence.</param>
    /// <param name="setId">The set, for the message.</param>
    /// <param name="database">The database, for the message.</param>
    /// <exception cref="HourglassException">The selection cannot be honoured.</exception>
    public static void EnsureTablesExist(RestoreSelection selection, IEnumerable<string> tables, string setId, string database)
    {
        var patterns = Patterns.Parse(selection);
        var known = tables.Select(QualifiedName.TryParse).OfType<QualifiedName>().ToList();
        var missing = patterns.Tables.Where(t => !known.Exists(t.Pattern.Matches)).Select(t => t.Text).ToList();
        if (missing.Count > 0)
        {
            throw Errors.RestoreTablesNotInDump(missing, setId, database);
        }
    }

    /// <summary>Notes what an entry says about the dump's relations: which exist, which sequence belongs to which table, which partition to which parent.</summary>
    private void Learn(DumpEntry entry, EntryRelations relations)
    {
        if (entry.Schema is { } schema)
        {
            _schemas.Add(schema);
        }

        switch (entry.Type)
        {
            case "SCHEMA":
                _schemas.Add(entry.Name);
                break;
            case "TABLE" or "FOREIGN TABLE" or "VIEW" or "MATERIALIZED VIEW" when relations.Table is { } relation:
                _relations.Add(relation);
                _definitions[relation] = (entry.Type.ToLowerInvariant(), NamesIn(entry));
                NoteSequences(relation, entry);
                break;
            case "SEQUENCE" when HeaderName(entry) is { } sequence:
                _relations.Add(sequence);
                _sequences.Add(sequence);
                if (relations.Table is { } identityTable && identityTable != sequence)
                {
                    // An identity column's sequence: created by ALTER TABLE, it cannot exist without its table.
                    _ownerOf[sequence] = identityTable;
                    _identities.Add(sequence);
                }

                break;
            case "SEQUENCE OWNED BY" when HeaderName(entry) is { } owned && relations.Table is { } owner:
                _ownerOf[owned] = owner;
                break;
            case "DEFAULT" when relations.Table is { } defaulted:
                NoteSequences(defaulted, entry);
                break;
            case "TABLE ATTACH" when relations is { Table: { } child, Parent: { } parent }:
                _partitionOf[child] = parent;
                break;
            case "TABLE DATA" when relations.Table is { } loaded:
                _relations.Add(loaded);
                break;
        }
    }

    /// <summary>The sequences an entry's defaults call <c>nextval('…'::regclass)</c> on, noted as needed by <paramref name="table"/>.</summary>
    private void NoteSequences(QualifiedName table, DumpEntry entry)
    {
        var sql = new SqlScanner(entry.Text);
        while (!sql.AtEnd)
        {
            if (!(sql.Word("nextval") && sql.Symbol('(') && sql.Literal() is { } literal))
            {
                sql.Skip();
            }
            else if (QualifiedName.TryParse(literal) is { } sequence)
            {
                if (!_sequencesOf.TryGetValue(table, out var sequences))
                {
                    _sequencesOf[table] = sequences = [];
                }

                sequences.Add(sequence);
            }
        }
    }

    /// <summary>
    /// Every schema-qualified name an entry's SQL holds but a function's: the relations a view reads, a table
    /// inherits from or takes a row type of, a rule or policy queries, are among them (the rest, column references
    /// and types, name no relation).
    /// </summary>
    private static HashSet<QualifiedName> NamesIn(DumpEntry entry)
    {
        var names = new HashSet<QualifiedName>();
        var sql = new SqlScanner(entry.Text);
        while (!sql.AtEnd)
        {
            if (sql.Name() is { } name)
            {
                if (!sql.Touches('('))
                {
                    names.Add(name);
                }
            }
            else
            {
                sql.Skip();
            }
        }

        return names;
    }

    /// <summary>The held pre-data entries to restore, deciding first, once, which relations are restored.</summary>
    private List<DumpEntry> Release(List<(DumpEntry Entry, EntryRelations Relations)> held)
    {
        if (_kept is null)
        {
            Resolve();
        }

        var ready = new List<DumpEntry>();
        foreach (var (entry, relations) in held)
        {
            if (Keeps(entry, relations))
            {
                ready.Add(entry);
            }
        }

        held.Clear();
        return ready;
    }

    /// <summary>
    /// Decides which of the dump's relations are restored, from everything the pre-data said about them: what the
    /// options select, less what they exclude, less (until none is left) what could not be created because its
    /// definition names a relation that is not restored (a view over it, a table inheriting from it); with the
    /// sequences that go with what is restored.
    /// </summary>
    private void Resolve()
    {
        var excluded = _relations.Where(Excluded).ToHashSet();
        FollowTables(excluded);
        var included = _relations.Where(Included).ToHashSet();
        FollowTables(included);
        var defined = included.Where(r => !_sequences.Contains(r) && !excluded.Contains(r)).ToHashSet();
        while (true)
        {
            var kept = WithSequences(defined, excluded);
            var cannot = _definitions
                .Where(d => defined.Contains(d.Key))
                .Select(d => (Relation: d.Key, d.Value.Kind, Missing: Missing(d.Value.Names, d.Key, kept.Contains)))
                .Where(d => d.Missing is not null)
                .ToList();
            if (cannot.Count == 0)
            {
                _kept = kept;
                _known = [.. _relations];
                return;
            }

            foreach (var (relation, kind, missing) in cannot)
            {
                defined.Remove(relation);
                Warn(!_selection.DataOnly, $"{kind} {TablePattern.Format(relation)} is not restored: its definition names {TablePattern.Format(missing!)}, which is not restored");
            }
        }
    }

    /// <summary>Adds to <paramref name="relations"/> what goes with a table: its partitions and the sequences it owns.</summary>
    private void FollowTables(HashSet<QualifiedName> relations)
    {
        var grew = true;
        while (grew)
        {
            grew = false;
            foreach (var (child, parent) in _partitionOf)
            {
                grew |= relations.Contains(parent) && relations.Add(child);
            }

            foreach (var (sequence, owner) in _ownerOf)
            {
                grew |= relations.Contains(owner) && relations.Add(sequence);
            }
        }
    }

    /// <summary>
    /// <paramref name="defined"/> with the sequences to restore: those they own or call <c>nextval</c> on in a
    /// default; one owned by a column otherwise only when <c>--table</c> names it (an identity column's never: it
    /// cannot exist without its table); one owned by none as the options say.
    /// </summary>
    private HashSet<QualifiedName> WithSequences(HashSet<QualifiedName> defined, HashSet<QualifiedName> excluded)
    {
        var kept = new HashSet<QualifiedName>(defined);
        foreach (var sequence in _sequences)
        {
            var keep = _ownerOf.TryGetValue(sequence, out var owner)
                ? defined.Contains(owner) || (!_identities.Contains(sequence) && !excluded.Contains(sequence) && _patterns.Tables.Exists(t => t.Pattern.Matches(sequence)))
                : Included(sequence) && !excluded.Contains(sequence);
            if (keep)
            {
                kept.Add(sequence);
            }
        }

        foreach (var table in defined)
        {
            if (_sequencesOf.TryGetValue(table, out var called))
            {
                kept.UnionWith(called);
            }
        }

        return kept;
    }

    /// <summary>The first of <paramref name="names"/> that is one of the dump's relations but not restored, other than <paramref name="own"/>.</summary>
    private QualifiedName? Missing(HashSet<QualifiedName> names, QualifiedName own, Func<QualifiedName, bool> restored) =>
        names.FirstOrDefault(n => n != own && _relations.Contains(n) && !restored(n));

    /// <summary>Whether to restore <paramref name="entry"/>, noting its decision for the comment that may follow it.</summary>
    private bool Keeps(DumpEntry entry, EntryRelations relations)
    {
        var data = entry.Section == DumpSection.Data || IsLargeObject(entry);
        var shown = _selection.SchemaOnly ? !data : !_selection.DataOnly || data;
        var keep = Decide(entry, relations, shown);
        _previous = keep;
        return keep && shown;
    }

    /// <summary>
    /// Whether the selection keeps <paramref name="entry"/>, before <c>--schema-only</c> and <c>--data-only</c>;
    /// warnings are given only for entries those let through (<paramref name="shown"/>), as only those would have run.
    /// </summary>
    private bool Decide(DumpEntry entry, EntryRelations relations, bool shown)
    {
        if (IsLargeObject(entry))
        {
            return !Selects;
        }

        switch (entry.Type)
        {
            case "COMMENT" or "SECURITY LABEL":
                // pg_dump writes a comment right after what it describes, which may be a constraint left out of a
                // table that is restored. A comment on a composite type's column names the type, not a relation.
                return _previous && (relations.Table is not { } described || !_relations.Contains(described) || Keeps(described));
            case "SEQUENCE":
                return HeaderName(entry) is { } sequence ? Keeps(sequence) : Unreadable(entry, shown);
            case "SEQUENCE OWNED BY" when HeaderName(entry) is { } owned && relations.Table is { } owner:
                return Keeps(owned) && (Keeps(owner) || Warn(shown, $"sequence {TablePattern.Format(owned)} is restored for a restored table's default, without its owner {TablePattern.Format(owner)}, which is not restored"));
            case "FK CONSTRAINT" when relations.Table is { } table:
                return Keeps(table) && (relations.Referenced is not { } referenced || Keeps(referenced)
                    || Warn(shown, $"foreign key {ObjectName(entry, table)} of {TablePattern.Format(table)} is not restored: the table it references, {TablePattern.Format(referenced)}, is not restored"));
            case "TABLE ATTACH" when relations is { Table: { } child, Parent: { } parent }:
                return Keeps(child) && (Keeps(parent)
                    || Warn(shown, $"partition {TablePattern.Format(child)} is restored as a table of its own: its partitioned table {TablePattern.Format(parent)} is not restored"));
            case "INDEX ATTACH":
                var sql = new SqlScanner(entry.Text);
                return sql.Words("ALTER", "INDEX") && sql.Name() is { } parentIndex && sql.Words("ATTACH", "PARTITION") && sql.Name() is { } childIndex
                    ? !_droppedIndexes.Contains(parentIndex) && !_droppedIndexes.Contains(childIndex)
                    : Unreadable(entry, shown);
            case "CHECK CONSTRAINT" or "ACL" when relations.Table is null:
                // A domain's constraint; a grant on a schema, function or type.
                return true;
        }

        if (relations.Table is not { } relation)
        {
            return !BelongToRelation.Contains(entry.Type) || Unreadable(entry, shown);
        }

        var keep = Keeps(relation);
        if (keep && entry.Type is "RULE" or "POLICY" or "TRIGGER" && Missing(NamesIn(entry), relation, Keeps) is { } missing)
        {
            // A rule's action, a policy's expression or a constraint trigger's FROM may query another table.
            keep = Warn(shown, $"{entry.Type.ToLowerInvariant()} {ObjectName(entry, relation)} of {TablePattern.Format(relation)} is not restored: it names {TablePattern.Format(missing)}, which is not restored");
        }

        if (!keep && entry.Type is "INDEX" or "CONSTRAINT")
        {
            // What an INDEX ATTACH names: an index, or the index behind a primary key or unique constraint.
            _droppedIndexes.Add(entry.Type == "INDEX" ? new QualifiedName(relation.Schema, entry.Name) : new QualifiedName(relation.Schema, ObjectName(entry, relation)));
        }

        return keep;
    }

    /// <summary>Whether <paramref name="relation"/> is restored; one the pre-data did not define (an extension's configuration table) by the options alone.</summary>
    private bool Keeps(QualifiedName relation) =>
        _kept!.Contains(relation) || (!_known!.Contains(relation) && Included(relation) && !Excluded(relation));

    private bool Included(QualifiedName relation) =>
        !Selects || _patterns.Tables.Exists(t => t.Pattern.Matches(relation)) || _patterns.Schemas.Exists(s => s.Name == relation.Schema);

    private bool Excluded(QualifiedName relation) => _patterns.Excluded.Exists(t => t.Pattern.Matches(relation));

    /// <summary>An entry of a kind that belongs to a relation whose SQL did not say which: kept when nothing is singled out, said either way.</summary>
    private bool Unreadable(DumpEntry entry, bool shown)
    {
        var keep = !Selects;
        Warn(shown, $"could not tell which table {entry.Type} {entry.Name} belongs to, so it is {(keep ? "restored" : "not restored")}");
        return keep;
    }

    /// <summary>Adds a warning when the entry would have run; false, for the decision it explains.</summary>
    private bool Warn(bool shown, string warning)
    {
        if (shown)
        {
            _warnings.Add(warning);
        }

        return false;
    }

    private List<string> FindUnmatched() =>
    [
        .. _patterns.Tables.Where(t => !_relations.Any(t.Pattern.Matches)).Select(t => "--table " + t.Text),
        .. _patterns.Schemas.Where(s => !_schemas.Contains(s.Name)).Select(s => "--schema " + s.Text),
        .. _patterns.Excluded.Where(t => !_relations.Any(t.Pattern.Matches)).Select(t => "--exclude-table " + t.Text),
    ];

    /// <summary>
    /// Large objects and their comments and grants, which pg_restore counts as data whatever their section (pg_dump
    /// 17 calls them LARGE OBJECT…, earlier ones BLOB…).
    /// </summary>
    private static bool IsLargeObject(DumpEntry entry) =>
        LargeObjectTypes.Contains(entry.Type)
        || (entry.Type is "ACL" or "COMMENT" or "SECURITY LABEL" && entry.Name.StartsWith("LARGE OBJECT", StringComparison.Ordinal));

    /// <summary>The object an entry's header names in its schema: a sequence's, an index's own name.</summary>
    private static QualifiedName? HeaderName(DumpEntry entry) => entry.Schema is { } schema ? new QualifiedName(schema, entry.Name) : null;

    /// <summary>A constraint's name from pg_dump's label <c>table constraint</c>.</summary>
    private static string ObjectName(DumpEntry entry, QualifiedName table) =>
        entry.Name.StartsWith(table.Table + " ", StringComparison.Ordinal) ? entry.Name[(table.Table.Length + 1)..] : entry.Name;

    /// <summary>The selection's names, read and checked once: a name that is not one, or options that contradict, is a usage error.</summary>
    private sealed record Patterns(List<(string Text, TablePattern Pattern)> Tables, List<(string Text, string Name)> Schemas, List<(string Text, TablePattern Pattern)> Excluded)
    {
        public static Patterns Parse(RestoreSelection selection)
        {
            if (selection.SchemaOnly && selection.DataOnly)
            {
                throw Errors.RestoreOptionsContradict("--schema-only", "--data-only");
            }

            var tables = ParseTables("--table", selection.Tables);
            var excluded = ParseTables("--exclude-table", selection.ExcludeTables);
            var schemas = selection.Schemas.Select(s => (s, TablePattern.TryParseName(s) ?? throw Errors.RestoreNameInvalid("--schema", s))).ToList();
            if (tables.Find(t => excluded.Exists(e => e.Pattern == t.Pattern)) is { Text: { } both })
            {
                throw Errors.RestoreOptionsContradict("--table " + both, "--exclude-table " + both);
            }

            return new Patterns(tables, schemas, excluded);
        }

        private static List<(string Text, TablePattern Pattern)> ParseTables(string option, IReadOnlyList<string> names) =>
            [.. names.Select(n => (n, TablePattern.TryParse(n) ?? throw Errors.RestoreNameInvalid(option, n)))];
    }
}
