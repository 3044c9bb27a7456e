namespace Hourglass.Tests.Restores;

/// <summary>
/// Real plain dumps (pg_dump 15, made with scripts/pg-cluster.sh and kept byte for byte) that selective restores are
/// checked against.
/// </summary>
internal static class RealDumps
{
    /// <summary>
    /// The integration tests' rich schema with the extras of their DumpReaderTests (a quoted name with a dot and
    /// quotes, an empty table, row security, a policy, a check constraint added apart, a comment on an index, a
    /// grant), a partitioned index and a large object, with a few rows per table.
    /// </summary>
    public const string Rich = """""
        --
        -- PostgreSQL database dump
        --

        \restrict JcFdZxp6GxT5481VefoZBAFTFYnfsvD5Axt5sg4XTmAShO0B1hCWNKtMARDBoeA

        -- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
        -- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

        SET statement_timeout = 0;
        SET lock_timeout = 0;
        SET idle_in_transaction_session_timeout = 0;
        SET client_encoding = 'UTF8';
        SET standard_conforming_strings = on;
        SELECT pg_catalog.set_config('search_path', '', false);
        SET check_function_bodies = false;
        SET xmloption = content;
        SET client_min_messages = warning;
        SET row_security = off;

        --
        -- Name: Audit Log; Type: SCHEMA; Schema: -; Owner: postgres
        --

        CREATE SCHEMA "Audit Log";


        ALTER SCHEMA "Audit Log" OWNER TO postgres;

        --
        -- Name: billing; Type: SCHEMA; Schema: -; Owner: postgres
        --

        CREATE SCHEMA billing;


        ALTER SCHEMA billing OWNER TO postgres;

        --
        -- Name: positive_money; Type: DOMAIN; Schema: billing; Owner: postgres
        --

        CREATE DOMAIN billing.positive_money AS numeric(12,2)
        	CONSTRAINT positive_money_check CHECK ((VALUE > (0)::numeric));


        ALTER DOMAIN billing.positive_money OWNER TO postgres;

        --
        -- Name: mood; Type: TYPE; Schema: public; Owner: postgres
        --

        CREATE TYPE public.mood AS ENUM (
            'sad',
            'ok',
            'happy'
        );


        ALTER TYPE public.mood OWNER TO postgres;

        --
        -- Name: touch(); Type: FUNCTION; Schema: public; Owner: postgres
        --

        CREATE FUNCTION public.touch() RETURNS trigger
            LANGUAGE plpgsql
            AS $$
        BEGIN
            NEW.updated_at := now();
            RETURN NEW;
        END $$;


        ALTER FUNCTION public.touch() OWNER TO postgres;

        SET default_tablespace = '';

        SET default_table_access_method = heap;

        --
        -- Name: Events Table; Type: TABLE; Schema: Audit Log; Owner: postgres
        --

        CREATE TABLE "Audit Log"."Events Table" (
            id bigint NOT NULL,
            "What Happened" text,
            at timestamp with time zone DEFAULT now()
        );


        ALTER TABLE "Audit Log"."Events Table" OWNER TO postgres;

        --
        -- Name: Events Table_id_seq; Type: SEQUENCE; Schema: Audit Log; Owner: postgres
        --

        ALTER TABLE "Audit Log"."Events Table" ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
            SEQUENCE NAME "Audit Log"."Events Table_id_seq"
            START WITH 1
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1
        );


        --
        -- Name: invoice_no; Type: SEQUENCE; Schema: billing; Owner: postgres
        --

        CREATE SEQUENCE billing.invoice_no
            START WITH 1000
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1;


        ALTER TABLE billing.invoice_no OWNER TO postgres;

        --
        -- Name: invoices; Type: TABLE; Schema: billing; Owner: postgres
        --

        CREATE TABLE billing.invoices (
            no integer DEFAULT nextval('billing.invoice_no'::regclass) NOT NULL,
            person_id integer,
            amount billing.positive_money NOT NULL
        );


        ALTER TABLE billing.invoices OWNER TO postgres;

        --
        -- Name: totals; Type: MATERIALIZED VIEW; Schema: billing; Owner: postgres
        --

        CREATE MATERIALIZED VIEW billing.totals AS
         SELECT invoices.person_id,
            sum((invoices.amount)::numeric) AS total
           FROM billing.invoices
          GROUP BY invoices.person_id
          WITH NO DATA;


        ALTER TABLE billing.totals OWNER TO postgres;

        --
        -- Name: empty; Type: TABLE; Schema: public; Owner: postgres
        --

        CREATE TABLE public.empty (
            id integer
        );


        ALTER TABLE public.empty OWNER TO postgres;

        --
        -- Name: people; Type: TABLE; Schema: public; Owner: postgres
        --

        CREATE TABLE public.people (
            id integer NOT NULL,
            name text NOT NULL,
            feeling public.mood DEFAULT 'ok'::public.mood NOT NULL,
            tags text[] DEFAULT '{}'::text[] NOT NULL,
            profile jsonb,
            photo bytea,
            bio text,
            updated_at timestamp with time zone
        );


        ALTER TABLE public.people OWNER TO postgres;

        --
        -- Name: TABLE people; Type: COMMENT; Schema: public; Owner: postgres
        --

        COMMENT ON TABLE public.people IS 'everyone';


        --
        -- Name: happy_people; Type: VIEW; Schema: public; Owner: postgres
        --

        CREATE VIEW public.happy_people AS
         SELECT people.id,
            people.name
           FROM public.people
          WHERE (people.feeling = 'happy'::public.mood);


        ALTER TABLE public.happy_people OWNER TO postgres;

        --
        -- Name: measurements; Type: TABLE; Schema: public; Owner: postgres
        --

        CREATE TABLE public.measurements (
            at date NOT NULL,
            value double precision
        )
        PARTITION BY RANGE (at);


        ALTER TABLE public.measurements OWNER TO postgres;

        --
        -- Name: measurements_2025; Type: TABLE; Schema: public; Owner: postgres
        --

        CREATE TABLE public.measurements_2025 (
            at date NOT NULL,
            value double precision
        );


        ALTER TABLE public.measurements_2025 OWNER TO postgres;

        --
        -- Name: measurements_2026; Type: TABLE; Schema: public; Owner: postgres
        --

        CREATE TABLE public.measurements_2026 (
            at date NOT NULL,
            value double precision
        );


        ALTER TABLE public.measurements_2026 OWNER TO postgres;

        --
        -- Name: people_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
        --

        CREATE SEQUENCE public.people_id_seq
            AS integer
            START WITH 1
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1;


        ALTER TABLE public.people_id_seq OWNER TO postgres;

        --
        -- Name: people_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
        --

        ALTER SEQUENCE public.people_id_seq OWNED BY public.people.id;


        --
        -- Name: we.ird "names"; Type: TABLE; Schema: public; Owner: postgres
        --

        CREATE TABLE public."we.ird ""names""" (
            "col ""1""" text
        );


        ALTER TABLE public."we.ird ""names""" OWNER TO postgres;

        --
        -- Name: measurements_2025; Type: TABLE ATTACH; Schema: public; Owner: postgres
        --

        ALTER TABLE ONLY public.measurements ATTACH PARTITION public.measurements_2025 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');


        --
        -- Name: measurements_2026; Type: TABLE ATTACH; Schema: public; Owner: postgres
        --

        ALTER TABLE ONLY public.measurements ATTACH PARTITION public.measurements_2026 FOR VALUES FROM ('2026-01-01') TO ('2027-01-01');


        --
        -- Name: people id; Type: DEFAULT; Schema: public; Owner: postgres
        --

        ALTER TABLE ONLY public.people ALTER COLUMN id SET DEFAULT nextval('public.people_id_seq'::regclass);


        --
        -- Name: 16631; Type: BLOB; Schema: -; Owner: postgres
        --

        SELECT pg_catalog.lo_create('16631');


        ALTER LARGE OBJECT 16631 OWNER TO postgres;

        --
        -- Data for Name: Events Table; Type: TABLE DATA; Schema: Audit Log; Owner: postgres
        --

        COPY "Audit Log"."Events Table" (id, "What Happened", at) FROM stdin;
        1	event 1	2026-12-07 02:11:46.753186+00
        2	event 2	2026-12-07 02:11:46.753186+00
        \.


        --
        -- Data for Name: invoices; Type: TABLE DATA; Schema: billing; Owner: postgres
        --

        COPY billing.invoices (no, person_id, amount) FROM stdin;
        4243	1	1.50
        4244	2	3.00
        \.


        --
        -- Data for Name: empty; Type: TABLE DATA; Schema: public; Owner: postgres
        --

        COPY public.empty (id) FROM stdin;
        \.


        --
        -- Data for Name: measurements_2025; Type: TABLE DATA; Schema: public; Owner: postgres
        --

        COPY public.measurements_2025 (at, value) FROM stdin;
        2025-06-01	0
        \.


        --
        -- Data for Name: measurements_2026; Type: TABLE DATA; Schema: public; Owner: postgres
        --

        COPY public.measurements_2026 (at, value) FROM stdin;
        2026-06-01	121.66666666666667
        \.


        --
        -- Data for Name: people; Type: TABLE DATA; Schema: public; Owner: postgres
        --

        COPY public.people (id, name, feeling, tags, profile, photo, bio, updated_at) FROM stdin;
        1	person 1	ok	{t1,"x,y","quote\\"d"}	{"n": 1, "text": "line\\nbreak", "nested": {"a": [1, 2, 3]}}	\\xc4ca4238a0b923820dcc509a6f75849b	first line\nsecond\tline with tab\\ and backslash\n\\.\nnot the end	\N
        2	person 2	happy	{t2,"x,y","quote\\"d"}	{"n": 2, "text": "line\\nbreak", "nested": {"a": [1, 2, 3]}}	\\xc81e728d9d4c2f636f067f89cc14862c	first line\nsecond\tline with tab\\ and backslash\n\\.\nnot the end	\N
        3	person 3	sad	{t3,"x,y","quote\\"d"}	{"n": 3, "text": "line\\nbreak", "nested": {"a": [1, 2, 3]}}	\\xeccbc87e4b5ce2fe28308fd9f2a7baf3	first line\nsecond\tline with tab\\ and backslash\n\\.\nnot the end	\N
        \.


        --
        -- Data for Name: we.ird "names"; Type: TABLE DATA; Schema: public; Owner: postgres
        --

        COPY public."we.ird ""names""" ("col ""1""") FROM stdin;
        \\.
        a\\.\n\\.\nb
        tab\there
        \N
        \.


        --
        -- Name: Events Table_id_seq; Type: SEQUENCE SET; Schema: Audit Log; Owner: postgres
        --

        SELECT pg_catalog.setval('"Audit Log"."Events Table_id_seq"', 2, true);


        --
        -- Name: invoice_no; Type: SEQUENCE SET; Schema: billing; Owner: postgres
        --

        SELECT pg_catalog.setval('billing.invoice_no', 4244, true);


        --
        -- Name: people_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
        --

        SELECT pg_catalog.setval('public.people_id_seq', 3, true);


        --
        -- Data for Name: BLOBS; Type: BLOBS; Schema: -; Owner: -
        --

        BEGIN;

        SELECT pg_catalog.lo_open('16631', 131072);
        SELECT pg_catalog.lowrite(0, '\x6869');
        SELECT pg_catalog.lo_close(0);

        COMMIT;

        --
        -- Name: invoices amount_cap; Type: CHECK CONSTRAINT; Schema: billing; Owner: postgres
        --

        ALTER TABLE billing.invoices
            ADD CONSTRAINT amount_cap CHECK (((amount)::numeric < (1000000)::numeric)) NOT VALID;


        --
        -- Name: invoices invoices_pkey; Type: CONSTRAINT; Schema: billing; Owner: postgres
        --

        ALTER TABLE ONLY billing.invoices
            ADD CONSTRAINT invoices_pkey PRIMARY KEY (no);


        --
        -- Name: people people_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
        --

        ALTER TABLE ONLY public.people
            ADD CONSTRAINT people_pkey PRIMARY KEY (id);


        --
        -- Name: measurements_at_idx; Type: INDEX; Schema: public; Owner: postgres
        --

        CREATE INDEX measurements_at_idx ON ONLY public.measurements USING btree (at);


        --
        -- Name: measurements_2025_at_idx; Type: INDEX; Schema: public; Owner: postgres
        --

        CREATE INDEX measurements_2025_at_idx ON public.measurements_2025 USING btree (at);


        --
        -- Name: measurements_2026_at_idx; Type: INDEX; Schema: public; Owner: postgres
        --

        CREATE INDEX measurements_2026_at_idx ON public.measurements_2026 USING btree (at);


        --
        -- Name: people_profile_idx; Type: INDEX; Schema: public; Owner: postgres
        --

        CREATE INDEX people_profile_idx ON public.people USING gin (profile);


        --
        -- Name: INDEX people_profile_idx; Type: COMMENT; Schema: public; Owner: postgres
        --

        COMMENT ON INDEX public.people_profile_idx IS 'gin';


        --
        -- Name: measurements_2025_at_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
        --

        ALTER INDEX public.measurements_at_idx ATTACH PARTITION public.measurements_2025_at_idx;


        --
        -- Name: measurements_2026_at_idx; Type: INDEX ATTACH; Schema: public; Owner: postgres
        --

        ALTER INDEX public.measurements_at_idx ATTACH PARTITION public.measurements_2026_at_idx;


        --
        -- Name: people people_touch; Type: TRIGGER; Schema: public; Owner: postgres
        --

        CREATE TRIGGER people_touch BEFORE UPDATE ON public.people FOR EACH ROW EXECUTE FUNCTION public.touch();


        --
        -- Name: invoices invoices_person_id_fkey; Type: FK CONSTRAINT; Schema: billing; Owner: postgres
        --

        ALTER TABLE ONLY billing.invoices
            ADD CONSTRAINT invoices_person_id_fkey FOREIGN KEY (person_id) REFERENCES public.people(id);


        --
        -- Name: people; Type: ROW SECURITY; Schema: public; Owner: postgres
        --

        ALTER TABLE public.people ENABLE ROW LEVEL SECURITY;

        --
        -- Name: people people_all; Type: POLICY; Schema: public; Owner: postgres
        --

        CREATE POLICY people_all ON public.people USING (true);


        --
        -- Name: TABLE people; Type: ACL; Schema: public; Owner: postgres
        --

        GRANT SELECT ON TABLE public.people TO PUBLIC;


        --
        -- Name: totals; Type: MATERIALIZED VIEW DATA; Schema: billing; Owner: postgres
        --

        REFRESH MATERIALIZED VIEW billing.totals;


        --
        -- PostgreSQL database dump complete
        --

        \unrestrict JcFdZxp6GxT5481VefoZBAFTFYnfsvD5Axt5sg4XTmAShO0B1hCWNKtMARDBoeA


        """"";

    /// <summary>
    /// What names other relations: a table inheriting from another (and owning a serial's sequence), a view and its
    /// rule, a policy that queries another table, a default calling nextval on a sequence no table owns, a foreign key
    /// with a comment, an identity column, a trigger and a column named "on", an attached partition's primary key.
    /// </summary>
    public const string Odd = """""
        --
        -- PostgreSQL database dump
        --

        \restrict JvLKAFSFtH0r7rXouxOWzEbNutNLTIF4jcONClTstBk1HsYI6j1tw7Ttg7maRFy

        -- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
        -- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

        SET statement_timeout = 0;
        SET lock_timeout = 0;
        SET idle_in_transaction_session_timeout = 0;
        SET client_encoding = 'UTF8';
        SET standard_conforming_strings = on;
        SELECT pg_catalog.set_config('search_path', '', false);
        SET check_function_bodies = false;
        SET xmloption = content;
        SET client_min_messages = warning;
        SET row_security = off;

        --
        -- Name: Audit Log; Type: SCHEMA; Schema: -; Owner: postgres
        --

        CREATE SCHEMA "Audit Log";


        ALTER SCHEMA "Audit Log" OWNER TO postgres;

        --
        -- Name: pair; Type: TYPE; Schema: public; Owner: postgres
        --

        CREATE TYPE public.pair AS (
        	a integer,
        	b text
        );


        ALTER TYPE public.pair OWNER TO postgres;

        --
        -- Name: COLUMN pair.a; Type: COMMENT; Schema: public; Owner: postgres
        --

        COMMENT ON COLUMN public.pair.a IS 'first';


        --
        -- Name: f(); Type: FUNCTION; Schema: public; Owner: postgres
        --

        CREATE FUNCTION public.f() RETURNS trigger
            LANGUAGE plpgsql
            AS $$ BEGIN RETURN NEW; END $$;


        ALTER FUNCTION public.f() OWNER TO postgres;

        SET default_tablespace = '';

        SET default_table_access_method = heap;

        --
        -- Name: Events Table; Type: TABLE; Schema: Audit Log; Owner: postgres
        --

        CREATE TABLE "Audit Log"."Events Table" (
            id bigint NOT NULL,
            "on" text,
            "select" integer
        );


        ALTER TABLE "Audit Log"."Events Table" OWNER TO postgres;

        --
        -- Name: Events Table_child; Type: TABLE; Schema: Audit Log; Owner: postgres
        --

        CREATE TABLE "Audit Log"."Events Table_child" (
            n integer NOT NULL
        )
        INHERITS ("Audit Log"."Events Table");


        ALTER TABLE "Audit Log"."Events Table_child" OWNER TO postgres;

        --
        -- Name: Events Table_child_n_seq; Type: SEQUENCE; Schema: Audit Log; Owner: postgres
        --

        CREATE SEQUENCE "Audit Log"."Events Table_child_n_seq"
            AS integer
            START WITH 1
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1;


        ALTER TABLE "Audit Log"."Events Table_child_n_seq" OWNER TO postgres;

        --
        -- Name: Events Table_child_n_seq; Type: SEQUENCE OWNED BY; Schema: Audit Log; Owner: postgres
        --

        ALTER SEQUENCE "Audit Log"."Events Table_child_n_seq" OWNED BY "Audit Log"."Events Table_child".n;


        --
        -- Name: Events Table_id_seq; Type: SEQUENCE; Schema: Audit Log; Owner: postgres
        --

        ALTER TABLE "Audit Log"."Events Table" ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY (
            SEQUENCE NAME "Audit Log"."Events Table_id_seq"
            START WITH 1
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1
        );


        --
        -- Name: Seq's "odd"; Type: SEQUENCE; Schema: public; Owner: postgres
        --

        CREATE SEQUENCE public."Seq's ""odd"""
            START WITH 1
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1;


        ALTER TABLE public."Seq's ""odd""" OWNER TO postgres;

        --
        -- Name: m; Type: TABLE; Schema: public; Owner: postgres
        --

        CREATE TABLE public.m (
            at date NOT NULL,
            v integer
        )
        PARTITION BY RANGE (at);


        ALTER TABLE public.m OWNER TO postgres;

        --
        -- Name: m1; Type: TABLE; Schema: public; Owner: postgres
        --

        CREATE TABLE public.m1 (
            at date NOT NULL,
            v integer
        );


        ALTER TABLE public.m1 OWNER TO postgres;

        --
        -- Name: r; Type: TABLE; Schema: public; Owner: postgres
        --

        CREATE TABLE public.r (
            id integer
        );


        ALTER TABLE public.r OWNER TO postgres;

        --
        -- Name: uses; Type: TABLE; Schema: public; Owner: postgres
        --

        CREATE TABLE public.uses (
            n integer DEFAULT nextval('public."Seq''s ""odd"""'::regclass)
        );


        ALTER TABLE public.uses OWNER TO postgres;

        --
        -- Name: v; Type: VIEW; Schema: public; Owner: postgres
        --

        CREATE VIEW public.v AS
         SELECT r.id
           FROM public.r;


        ALTER TABLE public.v OWNER TO postgres;

        --
        -- Name: we.ird "names"; Type: TABLE; Schema: public; Owner: postgres
        --

        CREATE UNLOGGED TABLE public."we.ird ""names""" (
            id integer NOT NULL,
            ev bigint,
            "x REFERENCES y" integer
        );


        ALTER TABLE public."we.ird ""names""" OWNER TO postgres;

        --
        -- Name: we.ird "names"_id_seq; Type: SEQUENCE; Schema: public; Owner: postgres
        --

        CREATE UNLOGGED SEQUENCE public."we.ird ""names""_id_seq"
            AS integer
            START WITH 1
            INCREMENT BY 1
            NO MINVALUE
            NO MAXVALUE
            CACHE 1;


        ALTER TABLE public."we.ird ""names""_id_seq" OWNER TO postgres;

        --
        -- Name: we.ird "names"_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: postgres
        --

        ALTER SEQUENCE public."we.ird ""names""_id_seq" OWNED BY public."we.ird ""names""".id;


        --
        -- Name: m1; Type: TABLE ATTACH; Schema: public; Owner: postgres
        --

        ALTER TABLE ONLY public.m ATTACH PARTITION public.m1 FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');


        --
        -- Name: Events Table_child n; Type: DEFAULT; Schema: Audit Log; Owner: postgres
        --

        ALTER TABLE ONLY "Audit Log"."Events Table_child" ALTER COLUMN n SET DEFAULT nextval('"Audit Log"."Events Table_child_n_seq"'::regclass);


        --
        -- Name: we.ird "names" id; Type: DEFAULT; Schema: public; Owner: postgres
        --

        ALTER TABLE ONLY public."we.ird ""names""" ALTER COLUMN id SET DEFAULT nextval('public."we.ird ""names""_id_seq"'::regclass);


        --
        -- Data for Name: Events Table; Type: TABLE DATA; Schema: Audit Log; Owner: postgres
        --

        COPY "Audit Log"."Events Table" (id, "on", "select") FROM stdin;
        1	x	\N
        \.


        --
        -- Data for Name: Events Table_child; Type: TABLE DATA; Schema: Audit Log; Owner: postgres
        --

        COPY "Audit Log"."Events Table_child" (id, "on", "select", n) FROM stdin;
        \.


        --
        -- Data for Name: m1; Type: TABLE DATA; Schema: public; Owner: postgres
        --

        COPY public.m1 (at, v) FROM stdin;
        \.


        --
        -- Data for Name: r; Type: TABLE DATA; Schema: public; Owner: postgres
        --

        COPY public.r (id) FROM stdin;
        1
        \.


        --
        -- Data for Name: uses; Type: TABLE DATA; Schema: public; Owner: postgres
        --

        COPY public.uses (n) FROM stdin;
        1
        \.


        --
        -- Data for Name: we.ird "names"; Type: TABLE DATA; Schema: public; Owner: postgres
        --

        COPY public."we.ird ""names""" (id, ev, "x REFERENCES y") FROM stdin;
        \.


        --
        -- Name: Events Table_child_n_seq; Type: SEQUENCE SET; Schema: Audit Log; Owner: postgres
        --

        SELECT pg_catalog.setval('"Audit Log"."Events Table_child_n_seq"', 1, false);


        --
        -- Name: Events Table_id_seq; Type: SEQUENCE SET; Schema: Audit Log; Owner: postgres
        --

        SELECT pg_catalog.setval('"Audit Log"."Events Table_id_seq"', 1, true);


        --
        -- Name: Seq's "odd"; Type: SEQUENCE SET; Schema: public; Owner: postgres
        --

        SELECT pg_catalog.setval('public."Seq''s ""odd"""', 1, true);


        --
        -- Name: we.ird "names"_id_seq; Type: SEQUENCE SET; Schema: public; Owner: postgres
        --

        SELECT pg_catalog.setval('public."we.ird ""names""_id_seq"', 1, false);


        --
        -- Name: Events Table Events Table_pkey; Type: CONSTRAINT; Schema: Audit Log; Owner: postgres
        --

        ALTER TABLE ONLY "Audit Log"."Events Table"
            ADD CONSTRAINT "Events Table_pkey" PRIMARY KEY (id);


        --
        -- Name: m m_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
        --

        ALTER TABLE ONLY public.m
            ADD CONSTRAINT m_pkey PRIMARY KEY (at);


        --
        -- Name: m1 m1_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
        --

        ALTER TABLE ONLY public.m1
            ADD CONSTRAINT m1_pkey PRIMARY KEY (at);


        --
        -- Name: we.ird "names" we.ird "names"_pkey; Type: CONSTRAINT; Schema: public; Owner: postgres
        --

        ALTER TABLE ONLY public."we.ird ""names"""
            ADD CONSTRAINT "we.ird ""names""_pkey" PRIMARY KEY (id);


        --
        -- Name: m1_pkey; Type: INDEX ATTACH; Schema: public; Owner: postgres
        --

        ALTER INDEX public.m_pkey ATTACH PARTITION public.m1_pkey;


        --
        -- Name: r r rule; Type: RULE; Schema: public; Owner: postgres
        --

        CREATE RULE "r rule" AS
            ON INSERT TO public.r DO
         NOTIFY r;


        --
        -- Name: v v_ins; Type: RULE; Schema: public; Owner: postgres
        --

        CREATE RULE v_ins AS
            ON INSERT TO public.v DO INSTEAD  INSERT INTO public.r (id)
          VALUES (new.id);


        --
        -- Name: Events Table on; Type: TRIGGER; Schema: Audit Log; Owner: postgres
        --

        CREATE TRIGGER "on" BEFORE UPDATE OF "on", "select" ON "Audit Log"."Events Table" FOR EACH ROW EXECUTE FUNCTION public.f();


        --
        -- Name: TRIGGER "on" ON "Events Table"; Type: COMMENT; Schema: Audit Log; Owner: postgres
        --

        COMMENT ON TRIGGER "on" ON "Audit Log"."Events Table" IS 'trg';


        --
        -- Name: we.ird "names" ct; Type: TRIGGER; Schema: public; Owner: postgres
        --

        CREATE CONSTRAINT TRIGGER ct AFTER INSERT ON public."we.ird ""names""" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.f();


        --
        -- Name: we.ird "names" we.ird "names"_ev_fkey; Type: FK CONSTRAINT; Schema: public; Owner: postgres
        --

        ALTER TABLE ONLY public."we.ird ""names"""
            ADD CONSTRAINT "we.ird ""names""_ev_fkey" FOREIGN KEY (ev) REFERENCES "Audit Log"."Events Table"(id);


        --
        -- Name: CONSTRAINT "we.ird ""names""_ev_fkey" ON "we.ird ""names"""; Type: COMMENT; Schema: public; Owner: postgres
        --

        COMMENT ON CONSTRAINT "we.ird ""names""_ev_fkey" ON public."we.ird ""names""" IS 'fk';


        --
        -- Name: uses reads_r; Type: POLICY; Schema: public; Owner: postgres
        --

        CREATE POLICY reads_r ON public.uses USING ((EXISTS ( SELECT 1
           FROM public.r
          WHERE (r.id = uses.n))));


        --
        -- Name: uses; Type: ROW SECURITY; Schema: public; Owner: postgres
        --

        ALTER TABLE public.uses ENABLE ROW LEVEL SECURITY;

        --
        -- PostgreSQL database dump complete
        --

        \unrestrict JvLKAFSFtH0r7rXouxOWzEbNutNLTIF4jcONClTstBk1HsYI6j1tw7Ttg7maRFy


        """"";
}
