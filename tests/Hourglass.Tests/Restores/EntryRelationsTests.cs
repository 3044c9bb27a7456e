using System.Text;
using Hourglass.Postgres;
using Hourglass.Restores;

namespace Hourglass.Tests.Restores;

public sealed class EntryRelationsTests
{
    // Entries as pg_dump 15 to 18 write them (most copied from real dumps), each after its header; expected names in
    // pg_dump's spelling, null for none.
    [Theory]
    // Relations, with the statement that names them first and OWNER TO after
    [InlineData("TABLE", "CREATE TABLE public.people (\n    id integer NOT NULL\n);\n\n\nALTER TABLE public.people OWNER TO postgres;", "public.people", null, null)]
    [InlineData("TABLE", "CREATE TABLE \"Audit Log\".\"Events Table\" (\n    id bigint NOT NULL,\n    \"What Happened\" text\n);", "\"Audit Log\".\"Events Table\"", null, null)]
    [InlineData("TABLE", "CREATE UNLOGGED TABLE public.\"we.ird \"\"names\"\"\" (\n    \"col \"\"1\"\"\" text\n);", "public.\"we.ird \"\"names\"\"\"", null, null)]
    [InlineData("TABLE", "CREATE TABLE public.measurements (\n    at date NOT NULL\n)\nPARTITION BY RANGE (at);", "public.measurements", null, null)]
    [InlineData("VIEW", "CREATE VIEW public.happy_people AS\n SELECT people.id,\n    people.name\n   FROM public.people\n  WHERE (people.feeling = 'happy'::public.mood);", "public.happy_people", null, null)]
    [InlineData("VIEW", "CREATE VIEW public.v WITH (security_barrier='true') AS\n SELECT r.id\n   FROM public.r;", "public.v", null, null)]
    [InlineData("MATERIALIZED VIEW", "CREATE MATERIALIZED VIEW billing.totals AS\n SELECT invoices.person_id\n   FROM billing.invoices\n  WITH NO DATA;", "billing.totals", null, null)]
    [InlineData("FOREIGN TABLE", "CREATE FOREIGN TABLE public.ft (\n    a integer DEFAULT 3\n)\nSERVER srv;", "public.ft", null, null)]
    [InlineData("SEQUENCE", "CREATE SEQUENCE public.\"Seq's \"\"odd\"\"\"\n    START WITH 1\n    INCREMENT BY 1\n    CACHE 1;", "public.\"Seq's \"\"odd\"\"\"", null, null)]
    [InlineData("SEQUENCE", "CREATE UNLOGGED SEQUENCE public.\"we.ird \"\"names\"\"_id_seq\"\n    AS integer\n    START WITH 1;", "public.\"we.ird \"\"names\"\"_id_seq\"", null, null)]
    // An identity column's sequence belongs to its table
    [InlineData("SEQUENCE", "ALTER TABLE \"Audit Log\".\"Events Table\" ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (\n    SEQUENCE NAME \"Audit Log\".\"Events Table_id_seq\"\n    START WITH 1\n    CACHE 1\n);", "\"Audit Log\".\"Events Table\"", null, null)]
    // Data
    [InlineData("TABLE DATA", "COPY public.people (id, name, feeling) FROM stdin;\n\\.", "public.people", null, null)]
    [InlineData("TABLE DATA", "COPY \"Audit Log\".\"Events Table\" (id, \"What Happened\", at) FROM stdin;\n\\.", "\"Audit Log\".\"Events Table\"", null, null)]
    [InlineData("TABLE DATA", "COPY public.\"we.ird \"\"names\"\"\" (\"col \"\"1\"\"\") FROM stdin;\n\\.", "public.\"we.ird \"\"names\"\"\"", null, null)]
    [InlineData("TABLE DATA", "INSERT INTO public.people (id, name) VALUES (1, 'x');", "public.people", null, null)]
    [InlineData("SEQUENCE SET", "SELECT pg_catalog.setval('public.people_id_seq', 2500, true);", "public.people_id_seq", null, null)]
    [InlineData("SEQUENCE SET", "SELECT pg_catalog.setval('\"Audit Log\".\"Events Table_id_seq\"', 300, true);", "\"Audit Log\".\"Events Table_id_seq\"", null, null)]
    [InlineData("SEQUENCE SET", "SELECT pg_catalog.setval('public.\"Seq''s \"\"odd\"\"\"', 5, true);", "public.\"Seq's \"\"odd\"\"\"", null, null)]
    // What keeps a sequence with its table, and defaults
    [InlineData("SEQUENCE OWNED BY", "ALTER SEQUENCE public.people_id_seq OWNED BY public.people.id;", "public.people", null, null)]
    [InlineData("SEQUENCE OWNED BY", "ALTER SEQUENCE public.\"we.ird \"\"names\"\"_id_seq\" OWNED BY public.\"we.ird \"\"names\"\"\".id;", "public.\"we.ird \"\"names\"\"\"", null, null)]
    [InlineData("DEFAULT", "ALTER TABLE ONLY public.people ALTER COLUMN id SET DEFAULT nextval('public.people_id_seq'::regclass);", "public.people", null, null)]
    [InlineData("DEFAULT", "ALTER FOREIGN TABLE ONLY public.ft ALTER COLUMN a SET DEFAULT 3;", "public.ft", null, null)]
    // Indexes: the name before ON may be any quoted word
    [InlineData("INDEX", "CREATE INDEX people_profile_idx ON public.people USING gin (profile);", "public.people", null, null)]
    [InlineData("INDEX", "CREATE UNIQUE INDEX \"Odd Index\" ON \"Audit Log\".\"Events Table\" USING btree (\"on\");", "\"Audit Log\".\"Events Table\"", null, null)]
    [InlineData("INDEX", "CREATE INDEX \"on\" ON ONLY public.measurements USING btree (at);", "public.measurements", null, null)]
    [InlineData("INDEX ATTACH", "ALTER INDEX public.measurements_at_idx ATTACH PARTITION public.measurements_2025_at_idx;", null, null, null)]
    // Constraints; a domain's has no table
    [InlineData("CONSTRAINT", "ALTER TABLE ONLY public.people\n    ADD CONSTRAINT people_pkey PRIMARY KEY (id);", "public.people", null, null)]
    [InlineData("CHECK CONSTRAINT", "ALTER TABLE billing.invoices\n    ADD CONSTRAINT amount_cap CHECK (((amount)::numeric < (1000000)::numeric)) NOT VALID;", "billing.invoices", null, null)]
    [InlineData("CHECK CONSTRAINT", "ALTER DOMAIN public.d\n    ADD CONSTRAINT d_chk CHECK ((VALUE > 0)) NOT VALID;", null, null, null)]
    [InlineData("FK CONSTRAINT", "ALTER TABLE ONLY billing.invoices\n    ADD CONSTRAINT invoices_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id);", "billing.invoices", "public.people", null)]
    [InlineData("FK CONSTRAINT", "ALTER TABLE ONLY public.\"we.ird \"\"names\"\"\"\n    ADD CONSTRAINT \"we.ird \"\"names\"\"_ev_fkey\" FOREIGN KEY (ev, \"x REFERENCES y\") REFERENCES \"Audit Log\".\"Events Table\"(id, \"on\");", "public.\"we.ird \"\"names\"\"\"", "\"Audit Log\".\"Events Table\"", null)]
    [InlineData("FK CONSTRAINT", "ALTER TABLE public.measurements\n    ADD CONSTRAINT m_fk FOREIGN KEY (v) REFERENCES public.r(id) ON DELETE CASCADE;", "public.measurements", "public.r", null)]
    // Partitions
    [InlineData("TABLE ATTACH", "ALTER TABLE ONLY public.measurements ATTACH PARTITION public.measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');", "public.measurements_2025", null, "public.measurements")]
    [InlineData("TABLE ATTACH", "ALTER TABLE ONLY \"Audit Log\".\"Part.ed\" ATTACH PARTITION \"Audit Log\".\"Part.ed default\" DEFAULT;", "\"Audit Log\".\"Part.ed default\"", null, "\"Audit Log\".\"Part.ed\"")]
    // Triggers: the bare ON after the events is the keyword; a trigger or column named "on" is quoted
    [InlineData("TRIGGER", "CREATE TRIGGER people_touch BEFORE UPDATE ON public.people FOR EACH ROW EXECUTE FUNCTION public.touch();", "public.people", null, null)]
    [InlineData("TRIGGER", "CREATE TRIGGER \"on\" BEFORE UPDATE OF \"on\", \"select\" ON \"Audit Log\".\"Events Table\" FOR EACH ROW EXECUTE FUNCTION public.f();", "\"Audit Log\".\"Events Table\"", null, null)]
    [InlineData("TRIGGER", "CREATE CONSTRAINT TRIGGER ct AFTER INSERT ON public.\"we.ird \"\"names\"\"\" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.f();", "public.\"we.ird \"\"names\"\"\"", null, null)]
    [InlineData("TRIGGER", "CREATE TRIGGER v_ins INSTEAD OF INSERT ON public.v FOR EACH ROW EXECUTE FUNCTION public.f();", "public.v", null, null)]
    // Rules (pg_dump 16 on writes a looping view's definition as CREATE OR REPLACE VIEW), policies, row security
    [InlineData("RULE", "CREATE RULE \"r rule\" AS\n    ON INSERT TO public.r DO\n NOTIFY r;", "public.r", null, null)]
    [InlineData("RULE", "CREATE OR REPLACE VIEW public.v AS\n SELECT r.id\n   FROM public.r;", "public.v", null, null)]
    [InlineData("RULE", "CREATE RULE \"_RETURN\" AS\n    ON SELECT TO public.v DO INSTEAD  SELECT r.id\n   FROM public.r;", "public.v", null, null)]
    [InlineData("POLICY", "CREATE POLICY \"p 1\" ON public.r USING (true);", "public.r", null, null)]
    [InlineData("ROW SECURITY", "ALTER TABLE public.people ENABLE ROW LEVEL SECURITY;", "public.people", null, null)]
    [InlineData("MATERIALIZED VIEW DATA", "REFRESH MATERIALIZED VIEW public.\"Mat View\";", "public.\"Mat View\"", null, null)]
    // Extended statistics, pg_dump 18's statistics data, publications
    [InlineData("STATISTICS", "CREATE STATISTICS public.st ON id, ev FROM public.\"we.ird \"\"names\"\"\";", "public.\"we.ird \"\"names\"\"\"", null, null)]
    [InlineData("STATISTICS", "CREATE STATISTICS public.st2 (ndistinct) ON (lower(name)), id FROM public.people;", "public.people", null, null)]
    [InlineData("STATISTICS DATA", "SELECT * FROM pg_catalog.pg_restore_relation_stats(\n\t'version', '180000'::integer,\n\t'schemaname', 'Audit Log',\n\t'relname', 'Events Table',\n\t'relpages', '1'::integer\n);", "\"Audit Log\".\"Events Table\"", null, null)]
    [InlineData("PUBLICATION TABLE", "ALTER PUBLICATION pub ADD TABLE ONLY public.r;", "public.r", null, null)]
    // Comments and security labels: on a relation, a column, or an object that names its table
    [InlineData("COMMENT", "COMMENT ON TABLE public.people IS 'everyone';", "public.people", null, null)]
    [InlineData("COMMENT", "COMMENT ON VIEW public.v IS 'view';", "public.v", null, null)]
    [InlineData("COMMENT", "COMMENT ON MATERIALIZED VIEW public.\"Mat View\" IS 'mv';", "public.\"Mat View\"", null, null)]
    [InlineData("COMMENT", "COMMENT ON SEQUENCE public.\"Seq's \"\"odd\"\"\" IS 'seq';", "public.\"Seq's \"\"odd\"\"\"", null, null)]
    [InlineData("COMMENT", "COMMENT ON FOREIGN TABLE public.ft IS 'ft';", "public.ft", null, null)]
    [InlineData("COMMENT", "COMMENT ON COLUMN \"Audit Log\".\"Events Table\".\"on\" IS 'col';", "\"Audit Log\".\"Events Table\"", null, null)]
    [InlineData("COMMENT", "COMMENT ON CONSTRAINT \"we.ird \"\"names\"\"_ev_fkey\" ON public.\"we.ird \"\"names\"\"\" IS 'fk';", "public.\"we.ird \"\"names\"\"\"", null, null)]
    [InlineData("COMMENT", "COMMENT ON TRIGGER \"on\" ON \"Audit Log\".\"Events Table\" IS 'trg';", "\"Audit Log\".\"Events Table\"", null, null)]
    [InlineData("COMMENT", "COMMENT ON POLICY \"p 1\" ON public.r IS 'pol';", "public.r", null, null)]
    [InlineData("COMMENT", "COMMENT ON RULE \"r rule\" ON public.r IS 'rule';", "public.r", null, null)]
    [InlineData("SECURITY LABEL", "SECURITY LABEL FOR selinux ON TABLE public.people IS 'system_u:object_r:sepgsql_table_t:s0';", "public.people", null, null)]
    [InlineData("SECURITY LABEL", "SECURITY LABEL FOR dummy ON COLUMN public.people.name IS 'classified';", "public.people", null, null)]
    // A composite type's column is spelled like a table's: the caller knows its relations and tells them apart
    [InlineData("COMMENT", "COMMENT ON COLUMN public.pair.a IS 'first';", "public.pair", null, null)]
    // Comments that name no table
    [InlineData("COMMENT", "COMMENT ON INDEX public.people_profile_idx IS 'gin';", null, null, null)]
    [InlineData("COMMENT", "COMMENT ON CONSTRAINT d_chk ON DOMAIN public.d IS 'positive';", null, null, null)]
    [InlineData("COMMENT", "COMMENT ON FUNCTION public.touch() IS 'ON TABLE public.people';", null, null, null)]
    [InlineData("COMMENT", "COMMENT ON SCHEMA billing IS 'money';", null, null, null)]
    // Grants: on tables (views too) and sequences; a revoke first, a column, another role's grant
    [InlineData("ACL", "GRANT SELECT ON TABLE public.people TO PUBLIC;", "public.people", null, null)]
    [InlineData("ACL", "GRANT SELECT ON SEQUENCE public.\"Seq's \"\"odd\"\"\" TO PUBLIC;", "public.\"Seq's \"\"odd\"\"\"", null, null)]
    [InlineData("ACL", "GRANT SELECT(id) ON TABLE public.r TO PUBLIC;", "public.r", null, null)]
    [InlineData("ACL", "REVOKE ALL ON TABLE \"Audit Log\".\"Events Table\" FROM postgres;\nGRANT SELECT ON TABLE \"Audit Log\".\"Events Table\" TO alice;", "\"Audit Log\".\"Events Table\"", null, null)]
    [InlineData("ACL", "SET SESSION AUTHORIZATION alice;\nGRANT SELECT ON TABLE public.people TO bob;\nRESET SESSION AUTHORIZATION;", "public.people", null, null)]
    [InlineData("ACL", "GRANT USAGE ON SCHEMA \"Audit Log\" TO PUBLIC;", null, null, null)]
    [InlineData("ACL", "GRANT ALL ON FUNCTION public.touch() TO PUBLIC;", null, null, null)]
    [InlineData("ACL", "GRANT SELECT ON LARGE OBJECT 16538 TO PUBLIC;", null, null, null)]
    // Objects outside any relation, whatever their SQL names
    [InlineData("SCHEMA", "CREATE SCHEMA \"Audit Log\";", null, null, null)]
    [InlineData("EXTENSION", "CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;", null, null, null)]
    [InlineData("TYPE", "CREATE TYPE public.mood AS ENUM (\n    'sad',\n    'ok'\n);", null, null, null)]
    [InlineData("DOMAIN", "CREATE DOMAIN billing.positive_money AS numeric(12,2)\n\tCONSTRAINT positive_money_check CHECK ((VALUE > (0)::numeric));", null, null, null)]
    [InlineData("FUNCTION", "CREATE FUNCTION public.touch() RETURNS trigger\n    LANGUAGE plpgsql\n    AS $$\nBEGIN\n    CREATE TABLE public.x ();\nEND $$;", null, null, null)]
    public async Task Of_PgDumpEntry_GivesTheRelationsItActsOn(string type, string sql, string? table, string? referenced, string? parent)
    {
        var entry = await EntryAsync(type, sql);

        Assert.Equal(new EntryRelations(Name(table), Name(referenced), Name(parent)), EntryRelations.Of(entry));
    }

    [Theory]
    [InlineData("TABLE", "")]
    [InlineData("TABLE", "CREATE TABLE")]
    [InlineData("TABLE", "CREATE TABLE people (id integer);")]
    [InlineData("TABLE", "CREATE TABLE $x")]
    [InlineData("INDEX", "CREATE INDEX people_idx ON")]
    [InlineData("TRIGGER", "CREATE TRIGGER \"broken ON public.people")]
    [InlineData("SEQUENCE SET", "SELECT pg_catalog.setval('not a name', 1, true);")]
    [InlineData("SEQUENCE SET", "SELECT pg_catalog.setval(")]
    [InlineData("SEQUENCE OWNED BY", "ALTER SEQUENCE public.s OWNED BY public.t;")]
    [InlineData("COMMENT", "COMMENT ON COLUMN public.people IS 'two parts';")]
    [InlineData("RULE", "CREATE RULE r AS ON")]
    [InlineData("TABLE ATTACH", "ALTER TABLE ONLY public.m ATTACH PARTITION")]
    [InlineData("STATISTICS DATA", "SELECT * FROM pg_catalog.pg_restore_relation_stats('schemaname', 'public');")]
    [InlineData("ACL", "GRANT SELECT ON TABLE")]
    public async Task Of_UnreadableSql_GivesNone(string type, string sql)
    {
        var entry = await EntryAsync(type, sql);

        Assert.Equal(EntryRelations.None, EntryRelations.Of(entry));
    }

    [Fact]
    public async Task Of_ForeignKeyWithoutItsReference_GivesTheTableAlone()
    {
        var entry = await EntryAsync("FK CONSTRAINT", "ALTER TABLE ONLY public.x\n    ADD CONSTRAINT c FOREIGN KEY (a) REFERENCES");

        Assert.Equal(new EntryRelations(new QualifiedName("public", "x"), null, null), EntryRelations.Of(entry));
    }

    private static QualifiedName? Name(string? text) => text is null ? null : QualifiedName.Parse(text);

    /// <summary>The first entry of a dump holding <paramref name="sql"/> under a header of <paramref name="type"/>.</summary>
    private static async Task<DumpEntry> EntryAsync(string type, string sql)
    {
        var dump = $"--\n-- Name: x; Type: {type}; Schema: public; Owner: postgres\n--\n\n{sql}\n\n";
        using var reader = await DumpReader.OpenAsync(new MemoryStream(Encoding.UTF8.GetBytes(dump)), TestContext.Current.CancellationToken);
        return await reader.ReadEntriesAsync(TestContext.Current.CancellationToken).FirstAsync(TestContext.Current.CancellationToken);
    }
}
