namespace Hourglass.IntegrationTests.Infrastructure;

/// <summary>SQL that builds databases worth backing up.</summary>
internal static class SampleSchemas
{
    /// <summary>
    /// Several schemas, an enum, a domain, jsonb, arrays, bytea, text with newlines, tabs and backslashes, a view,
    /// a function, a trigger, a sequence moved past its start, a partitioned table and a materialized view.
    /// </summary>
    public const string Rich = """
        CREATE SCHEMA billing;
        CREATE SCHEMA "Audit Log";
        CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
        CREATE DOMAIN billing.positive_money AS numeric(12,2) CHECK (VALUE > 0);
        CREATE SEQUENCE billing.invoice_no START 1000;
        SELECT setval('billing.invoice_no', 4242);

        CREATE TABLE public.people (
            id serial PRIMARY KEY,
            name text NOT NULL,
            feeling mood NOT NULL DEFAULT 'ok',
            tags text[] NOT NULL DEFAULT '{}',
            profile jsonb,
            photo bytea,
            bio text,
            updated_at timestamptz);
        INSERT INTO public.people (name, feeling, tags, profile, photo, bio)
        SELECT 'person ' || g,
               (ARRAY['sad','ok','happy'])[1 + g % 3]::mood,
               ARRAY['t' || g, 'x,y', 'quote"d'],
               jsonb_build_object('n', g, 'nested', jsonb_build_object('a', ARRAY[1,2,3]), 'text', E'line\nbreak'),
               decode(md5(g::text), 'hex'),
               CASE WHEN g % 7 = 0 THEN NULL ELSE E'first line\nsecond\tline with tab\\ and backslash\n\\.\nnot the end' END
        FROM generate_series(1, 2500) g;

        CREATE TABLE billing.invoices (
            no int PRIMARY KEY DEFAULT nextval('billing.invoice_no'),
            person_id int REFERENCES public.people(id),
            amount billing.positive_money NOT NULL);
        INSERT INTO billing.invoices (person_id, amount) SELECT g, g * 1.5 FROM generate_series(1, 1200) g;

        CREATE TABLE "Audit Log"."Events Table" (id bigint GENERATED ALWAYS AS IDENTITY, "What Happened" text, at timestamptz DEFAULT now());
        INSERT INTO "Audit Log"."Events Table" ("What Happened") SELECT 'event ' || g FROM generate_series(1, 300) g;

        CREATE TABLE public.measurements (at date NOT NULL, value double precision) PARTITION BY RANGE (at);
        CREATE TABLE public.measurements_2025 PARTITION OF public.measurements FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        CREATE TABLE public.measurements_2026 PARTITION OF public.measurements FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');
        INSERT INTO public.measurements SELECT date '2025-06-01' + g, g / 3.0 FROM generate_series(0, 400) g;

        CREATE VIEW public.happy_people AS SELECT id, name FROM public.people WHERE feeling = 'happy';
        CREATE MATERIALIZED VIEW billing.totals AS SELECT person_id, sum(amount) AS total FROM billing.invoices GROUP BY person_id;

        CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END $$;
        CREATE TRIGGER people_touch BEFORE UPDATE ON public.people FOR EACH ROW EXECUTE FUNCTION public.touch();
        CREATE INDEX people_profile_idx ON public.people USING gin (profile);
        COMMENT ON TABLE public.people IS 'everyone';
        """;

    /// <summary>
    /// <see cref="Rich"/> plus what it lacks: a name with quotes and a dot, text holding <c>\.</c> alone on a line, an
    /// empty table, a policy, a check constraint added apart (NOT VALID), a comment on an index, and a grant.
    /// </summary>
    public const string RichWithEdgeCases = Rich + """"

        CREATE TABLE public."we.ird ""names""" ("col ""1""" text);
        INSERT INTO public."we.ird ""names""" VALUES (E'\\.'), (E'a\\.\n\\.\nb'), (E'tab\there'), (NULL);
        CREATE TABLE public.empty (id int);
        ALTER TABLE public.people ENABLE ROW LEVEL SECURITY;
        CREATE POLICY people_all ON public.people USING (true);
        ALTER TABLE billing.invoices ADD CONSTRAINT amount_cap CHECK (amount < 1000000) NOT VALID;
        COMMENT ON INDEX public.people_profile_idx IS 'gin';
        GRANT SELECT ON public.people TO PUBLIC;
        """";

    /// <summary>One table of <paramref name="rows"/> rows.</summary>
    public static string Rows(int rows) =>
        $"CREATE TABLE items (id int PRIMARY KEY, note text); INSERT INTO items SELECT g, 'item ' || g FROM generate_series(1, {rows}) g;";

    /// <summary>Rows of random hex text: data that barely compresses.</summary>
    public static string Incompressible(int rows) =>
        $"CREATE TABLE noise (id int, a text, b text); INSERT INTO noise SELECT g, md5(random()::text) || md5(random()::text), md5(random()::text) FROM generate_series(1, {rows}) g;";
}
