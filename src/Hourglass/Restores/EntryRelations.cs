using Hourglass.Postgres;

namespace Hourglass.Restores;

/// <summary>
/// The relations a dump entry acts on, read from its SQL (pg_dump writes every name schema-qualified and quoted where
/// needed): what a parallel load keeps apart so that no two connections wait on each other's locks, and what a
/// selective restore selects by.
/// </summary>
/// <param name="Table">The table, view, materialized view or sequence the entry defines, loads or belongs to (an
/// index's or constraint's table, a comment's or grant's object); null for entries that belong to no relation
/// (schemas, types, functions) or whose SQL cannot be read.</param>
/// <param name="Referenced">For an <c>FK CONSTRAINT</c>, the table its <c>REFERENCES</c> names.</param>
/// <param name="Parent">For a <c>TABLE ATTACH</c>, the partitioned table the partition attaches to.</param>
internal sealed record EntryRelations(QualifiedName? Table, QualifiedName? Referenced, QualifiedName? Parent)
{
    /// <summary>An entry that acts on no relation.</summary>
    public static readonly EntryRelations None = new(null, null, null);

    /// <summary>
    /// How to read each type's SQL. The statement that names the relation comes first after the header in every
    /// entry pg_dump 15 to 18 writes (a grant may follow SET SESSION AUTHORIZATION); what follows it (OWNER TO, SET
    /// STATISTICS, …) names the relation again.
    /// </summary>
    private static readonly Dictionary<string, Func<SqlScanner, EntryRelations>> Readers = new(StringComparer.Ordinal)
    {
        ["TABLE"] = sql => On(Created(sql)),
        ["VIEW"] = sql => On(Created(sql)),
        ["MATERIALIZED VIEW"] = sql => On(Created(sql)),
        ["FOREIGN TABLE"] = sql => On(Created(sql)),
        ["SEQUENCE"] = sql => On(Created(sql) ?? AlteredTable(sql)),
        // Rows come as a COPY block (read by Of), or as INSERTs in a dump taken with --inserts.
        ["TABLE DATA"] = sql => On(sql.Word("COPY") || sql.Words("INSERT", "INTO") ? sql.Name() : null),
        ["SEQUENCE SET"] = sql => On(SequenceSet(sql)),
        ["SEQUENCE OWNED BY"] = sql => On(sql.Words("ALTER", "SEQUENCE") && sql.Name() is not null && sql.Words("OWNED", "BY") ? sql.ColumnTable() : null),
        ["DEFAULT"] = sql => On(AlteredTable(sql)),
        ["CONSTRAINT"] = sql => On(AlteredTable(sql)),
        ["CHECK CONSTRAINT"] = sql => On(AlteredTable(sql)),
        ["ROW SECURITY"] = sql => On(AlteredTable(sql)),
        ["FK CONSTRAINT"] = ForeignKey,
        ["TABLE ATTACH"] = Attach,
        ["INDEX"] = sql => On(sql.Word("CREATE") && sql.SkipTo("ON") ? OnlyName(sql) : null),
        ["TRIGGER"] = sql => On(sql.Word("CREATE") && (sql.Words("CONSTRAINT", "TRIGGER") || sql.Word("TRIGGER")) && sql.Identifier() is not null && sql.SkipTo("ON") ? sql.Name() : null),
        ["RULE"] = sql => On(Rule(sql)),
        ["POLICY"] = sql => On(sql.Words("CREATE", "POLICY") && sql.Identifier() is not null && sql.Word("ON") ? sql.Name() : null),
        ["MATERIALIZED VIEW DATA"] = sql => On(sql.Words("REFRESH", "MATERIALIZED", "VIEW") ? sql.Name() : null),
        ["STATISTICS"] = sql => On(sql.Words("CREATE", "STATISTICS") && sql.SkipTo("FROM") ? sql.Name() : null),
        ["STATISTICS DATA"] = sql => On(StatisticsData(sql)),
        ["PUBLICATION TABLE"] = sql => On(sql.Words("ALTER", "PUBLICATION") && sql.Identifier() is not null && sql.Words("ADD", "TABLE") ? OnlyName(sql) : null),
        ["COMMENT"] = sql => On(sql.Words("COMMENT", "ON") ? Described(sql) : null),
        ["SECURITY LABEL"] = sql => On(sql.Words("SECURITY", "LABEL") && (!sql.Word("FOR") || sql.Identifier() is not null) && sql.Word("ON") ? Described(sql) : null),
        ["ACL"] = sql => On(Granted(sql)),
    };

    /// <summary>The relations <paramref name="entry"/> acts on.</summary>
    public static EntryRelations Of(DumpEntry entry) =>
        entry.Copy is { } copy ? On(QualifiedName.TryParse(copy.Table))
        : Readers.TryGetValue(entry.Type, out var read) ? read(new SqlScanner(entry.Text))
        : None;

    private static EntryRelations On(QualifiedName? table) => table is null ? None : new EntryRelations(table, null, null);

    /// <summary><c>CREATE [OR REPLACE] [UNLOGGED] [FOREIGN | MATERIALIZED] TABLE | VIEW | SEQUENCE name</c>.</summary>
    private static QualifiedName? Created(SqlScanner sql)
    {
        if (!sql.Word("CREATE"))
        {
            return null;
        }

        sql.Words("OR", "REPLACE");
        sql.Word("UNLOGGED");
        _ = sql.Word("FOREIGN") || sql.Word("MATERIALIZED");
        return sql.Word("TABLE") || sql.Word("VIEW") || sql.Word("SEQUENCE") ? sql.Name() : null;
    }

    /// <summary>
    /// <c>ALTER [FOREIGN] TABLE [ONLY] name</c>: defaults, constraints, row security, partitions, and an identity
    /// column's sequence (<c>ALTER TABLE t ALTER COLUMN c ADD GENERATED … (SEQUENCE NAME s …)</c>), whose table is
    /// the one it belongs to. A domain's constraint (<c>ALTER DOMAIN</c>) has none.
    /// </summary>
    private static QualifiedName? AlteredTable(SqlScanner sql) =>
        sql.Word("ALTER") && (sql.Word("TABLE") || sql.Words("FOREIGN", "TABLE")) ? OnlyName(sql) : null;

    /// <summary>A name after an optional <c>ONLY</c>.</summary>
    private static QualifiedName? OnlyName(SqlScanner sql)
    {
        sql.Word("ONLY");
        return sql.Name();
    }

    /// <summary><c>SELECT pg_catalog.setval('name', …)</c>: the name is pg_dump's quoted qualified name inside a literal.</summary>
    private static QualifiedName? SequenceSet(SqlScanner sql) =>
        sql.Word("SELECT") && (!sql.Word("pg_catalog") || sql.Symbol('.')) && sql.Word("setval") && sql.Symbol('(') && sql.Literal() is { } name
            ? QualifiedName.TryParse(name)
            : null;

    private static EntryRelations ForeignKey(SqlScanner sql)
    {
        var table = AlteredTable(sql);
        var referenced = table is not null && sql.SkipTo("REFERENCES") ? sql.Name() : null;
        return table is null ? None : new EntryRelations(table, referenced, null);
    }

    /// <summary><c>ALTER TABLE [ONLY] parent ATTACH PARTITION child …</c>.</summary>
    private static EntryRelations Attach(SqlScanner sql)
    {
        var parent = AlteredTable(sql);
        var child = parent is not null && sql.Words("ATTACH", "PARTITION") ? sql.Name() : null;
        return child is null ? None : new EntryRelations(child, null, parent);
    }

    /// <summary>
    /// <c>CREATE RULE name AS ON event TO table …</c>, or, from pg_dump 16 on, <c>CREATE OR REPLACE VIEW name AS …</c>
    /// for the definition of a view that was first created empty to break a dependency loop.
    /// </summary>
    private static QualifiedName? Rule(SqlScanner sql)
    {
        if (!sql.Word("CREATE"))
        {
            return null;
        }

        if (sql.Words("OR", "REPLACE", "VIEW"))
        {
            return sql.Name();
        }

        return sql.Word("RULE") && sql.Identifier() is not null && sql.Words("AS", "ON") && sql.Identifier() is not null && sql.Word("TO") ? sql.Name() : null;
    }

    /// <summary>
    /// pg_dump 18's <c>SELECT * FROM pg_catalog.pg_restore_relation_stats('version', …, 'schemaname', 's',
    /// 'relname', 'r', …)</c>: the names are plain text in literals, not quoted identifiers.
    /// </summary>
    private static QualifiedName? StatisticsData(SqlScanner sql)
    {
        string? schema = null;
        string? relation = null;
        while (!sql.AtEnd && !sql.Symbol(';'))
        {
            switch (sql.Literal())
            {
                case "schemaname" when sql.Symbol(','):
                    schema = sql.Literal();
                    break;
                case "relname" when sql.Symbol(','):
                    relation = sql.Literal();
                    break;
                case null:
                    sql.Skip();
                    break;
            }
        }

        return schema is { Length: > 0 } && relation is { Length: > 0 } ? new QualifiedName(schema, relation) : null;
    }

    /// <summary>
    /// The object of <c>COMMENT ON …</c> or <c>SECURITY LABEL … ON …</c> when it is a relation, a relation's column, or
    /// something that names its table (<c>CONSTRAINT c ON t</c>, <c>TRIGGER</c>, <c>POLICY</c>, <c>RULE</c>). An
    /// index's comment does not name its table, and a column may be a composite type's: the caller must know its
    /// relations to tell.
    /// </summary>
    private static QualifiedName? Described(SqlScanner sql)
    {
        if (sql.Word("COLUMN"))
        {
            return sql.ColumnTable();
        }

        if (sql.Word("TABLE") || sql.Word("VIEW") || sql.Word("SEQUENCE") || sql.Words("MATERIALIZED", "VIEW") || sql.Words("FOREIGN", "TABLE"))
        {
            return sql.Name();
        }

        return (sql.Word("CONSTRAINT") || sql.Word("TRIGGER") || sql.Word("POLICY") || sql.Word("RULE")) && sql.Identifier() is not null && sql.Word("ON") && !sql.Word("DOMAIN")
            ? sql.Name()
            : null;
    }

    /// <summary>
    /// The table or sequence of <c>GRANT|REVOKE … ON TABLE|SEQUENCE name …</c> (views and foreign tables are granted
    /// on as TABLE), skipping the <c>SET SESSION AUTHORIZATION</c> pg_dump writes around a grant made by another role.
    /// </summary>
    private static QualifiedName? Granted(SqlScanner sql)
    {
        do
        {
            if (sql.Word("GRANT") || sql.Word("REVOKE"))
            {
                return sql.SkipTo("ON") && (sql.Word("TABLE") || sql.Word("SEQUENCE")) ? sql.Name() : null;
            }
        }
        while (sql.NextStatement());

        return null;
    }
}
