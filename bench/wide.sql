-- The "wide" benchmark dataset (issue 11): 8 tables of :rows rows each (default 250,000), each with two secondary
-- indexes and a foreign key to the table before it, so a restore has real post-data work (16 indexes, 8 primary
-- keys, 7 foreign keys) spread over several tables: what a parallel restore can overlap and a serial one cannot.
-- Usage: psql -v rows=250000 -v ON_ERROR_STOP=1 -d DBNAME -f bench/wide.sql
\if :{?rows}
\else
\set rows 250000
\endif

SELECT setseed(0.17);
SELECT set_config('wide.rows', :'rows', false);

DO $$
DECLARE
    n int := current_setting('wide.rows')::int;
BEGIN
    FOR t IN 1..8 LOOP
        EXECUTE format($sql$
            CREATE TABLE wide_%1$s (
                id        bigint PRIMARY KEY,
                parent_id bigint %2$s,
                account   int NOT NULL,
                at        timestamptz NOT NULL,
                label     text NOT NULL,
                amount    numeric(12, 2) NOT NULL,
                note      text
            )$sql$, t, CASE WHEN t > 1 THEN format('REFERENCES wide_%s(id)', t - 1) ELSE '' END);
        EXECUTE format($sql$
            INSERT INTO wide_%1$s
            SELECT g,
                   %2$s,
                   (random() * 50000)::int,
                   timestamptz '2026-01-01' - (g || ' seconds')::interval,
                   'item ' || g || ' of table %1$s',
                   round((random() * 10000)::numeric, 2),
                   CASE WHEN g %% 7 = 0 THEN NULL ELSE md5(g::text || '%1$s') END
            FROM generate_series(1, %3$s) g$sql$,
            t, CASE WHEN t > 1 THEN format('1 + (g * 7919) %% %s', n) ELSE 'NULL::bigint' END, n);
        EXECUTE format('CREATE INDEX wide_%1$s_account ON wide_%1$s (account, at)', t);
        EXECUTE format('CREATE INDEX wide_%1$s_label ON wide_%1$s (label)', t);
    END LOOP;
END
$$;
ANALYZE;
