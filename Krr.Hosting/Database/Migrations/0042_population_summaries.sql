-- Summaries of krr_population so the statistics and the varslingsstatus counts read a few hundred or thousand
-- rows instead of scanning millions (docs/benchmarks.md). They hold sums only, never a person, and are kept exact
-- by statement triggers on krr_population: each statement's transition tables give +1 for every new row and -1
-- for every old row, grouped, so an upsert that changes nothing summarised writes nothing, and a COPY of millions
-- is one grouped pass. krr_population_summaries_rebuild() recomputes them from krr_population.

-- Residents (resident_status 0) per birth date: the age on any day follows from the date, so the age table is a
-- sum over about 40 000 dates, exact on every day without any ageing job.
CREATE TABLE krr_population_by_birth_date
(
    birth_date date   PRIMARY KEY,
    residents  bigint NOT NULL,
    mailbox    bigint NOT NULL, -- active in KRR with a digital mailbox
    reserved   bigint NOT NULL  -- active in KRR and reserved
);

-- Residents per municipality, for reserved per county and municipality.
CREATE TABLE krr_population_by_municipality
(
    municipality char(4) PRIMARY KEY,
    residents    bigint  NOT NULL,
    reserved     bigint  NOT NULL
);

-- Every row of krr_population by the UTC day of its newest confirmation if it can ever be notified (active, not
-- reserved, a channel), else under '-infinity'. Whether a confirmation is still fresh depends on the moment of
-- asking; freshness only ever ends, so the notifiable persons are those whose newest confirmation is at or after
-- one instant (FreshSince): the days after its day summed here, plus that one day's rows counted exactly through
-- ix_krr_population_notifiable. The sum of all days is the number of rows, for KAN_IKKE_VARSLES.
CREATE TABLE krr_population_by_confirmed_day
(
    confirmed_day date   PRIMARY KEY,
    persons       bigint NOT NULL
);

CREATE INDEX ix_krr_population_notifiable ON krr_population (greatest(email_confirmed, mobile_confirmed))
    WHERE krr_status = 0 AND NOT reserved;

-- The summary keys of a read-model row; one definition for the trigger and the rebuild.
CREATE FUNCTION krr_population_confirmed_day(krr_status smallint, reserved boolean,
                                             email_confirmed timestamptz, mobile_confirmed timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE AS $f$
    SELECT CASE WHEN krr_status = 0 AND NOT reserved AND greatest(email_confirmed, mobile_confirmed) IS NOT NULL
                THEN (greatest(email_confirmed, mobile_confirmed) AT TIME ZONE 'UTC')::date
                ELSE '-infinity'::date END;
$f$;

-- The statements that add the signed rows of `changes` (a query with a column `sign` and krr_population's columns)
-- to the summaries. Returned, not run: transition tables are visible only in the trigger function's own statements.
-- Rows are written in key order, so concurrent writers lock summary rows in the same order and cannot deadlock.
CREATE FUNCTION krr_population_summary_statements(changes text) RETURNS SETOF text
LANGUAGE plpgsql IMMUTABLE AS $f$
BEGIN
    RETURN NEXT format($q$
        INSERT INTO krr_population_by_birth_date AS s (birth_date, residents, mailbox, reserved)
        SELECT birth_date, sum(sign),
               coalesce(sum(sign) FILTER (WHERE krr_status = 0 AND mailbox_provider IS NOT NULL), 0),
               coalesce(sum(sign) FILTER (WHERE krr_status = 0 AND reserved), 0)
        FROM (%s) c WHERE resident_status = 0 AND birth_date IS NOT NULL
        GROUP BY birth_date
        HAVING sum(sign) <> 0 OR sum(sign) FILTER (WHERE krr_status = 0 AND mailbox_provider IS NOT NULL) <> 0
            OR sum(sign) FILTER (WHERE krr_status = 0 AND reserved) <> 0
        ORDER BY birth_date
        ON CONFLICT (birth_date) DO UPDATE SET
            residents = s.residents + excluded.residents,
            mailbox = s.mailbox + excluded.mailbox,
            reserved = s.reserved + excluded.reserved
        $q$, changes);
    RETURN NEXT format($q$
        INSERT INTO krr_population_by_municipality AS s (municipality, residents, reserved)
        SELECT municipality, sum(sign), coalesce(sum(sign) FILTER (WHERE krr_status = 0 AND reserved), 0)
        FROM (%s) c WHERE resident_status = 0 AND municipality IS NOT NULL
        GROUP BY municipality
        HAVING sum(sign) <> 0 OR sum(sign) FILTER (WHERE krr_status = 0 AND reserved) <> 0
        ORDER BY municipality
        ON CONFLICT (municipality) DO UPDATE SET
            residents = s.residents + excluded.residents,
            reserved = s.reserved + excluded.reserved
        $q$, changes);
    RETURN NEXT format($q$
        INSERT INTO krr_population_by_confirmed_day AS s (confirmed_day, persons)
        SELECT krr_population_confirmed_day(krr_status, reserved, email_confirmed, mobile_confirmed), sum(sign)
        FROM (%s) c
        GROUP BY 1
        HAVING sum(sign) <> 0
        ORDER BY 1
        ON CONFLICT (confirmed_day) DO UPDATE SET persons = s.persons + excluded.persons
        $q$, changes);
END
$f$;

CREATE FUNCTION krr_population_summary_trigger() RETURNS trigger
LANGUAGE plpgsql AS $f$
DECLARE
    statement text;
BEGIN
    FOR statement IN SELECT krr_population_summary_statements(CASE TG_OP
        WHEN 'INSERT' THEN 'SELECT 1 AS sign, * FROM new_rows'
        WHEN 'DELETE' THEN 'SELECT -1 AS sign, * FROM old_rows'
        ELSE 'SELECT 1 AS sign, * FROM new_rows UNION ALL SELECT -1, * FROM old_rows' END)
    LOOP
        EXECUTE statement;
    END LOOP;
    RETURN NULL;
END
$f$;

-- PostgreSQL allows transition tables only on single-event triggers, hence three.
CREATE TRIGGER trg_krr_population_summary_insert AFTER INSERT ON krr_population
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION krr_population_summary_trigger();
CREATE TRIGGER trg_krr_population_summary_update AFTER UPDATE ON krr_population
    REFERENCING NEW TABLE AS new_rows OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION krr_population_summary_trigger();
CREATE TRIGGER trg_krr_population_summary_delete AFTER DELETE ON krr_population
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION krr_population_summary_trigger();

CREATE FUNCTION krr_population_summaries_rebuild() RETURNS void
LANGUAGE plpgsql AS $f$
DECLARE
    statement text;
BEGIN
    LOCK TABLE krr_population IN SHARE MODE;
    TRUNCATE krr_population_by_birth_date, krr_population_by_municipality, krr_population_by_confirmed_day;
    FOR statement IN SELECT krr_population_summary_statements('SELECT 1 AS sign, * FROM krr_population') LOOP
        EXECUTE statement;
    END LOOP;
END
$f$;

-- The rebuild writes one row per statement; summarising each of those would cost a trigger call per person, so
-- the summary triggers are off for it and the summaries are recomputed once at the end, in the same transaction.
CREATE OR REPLACE FUNCTION krr_population_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $f$
DECLARE
    persons bigint;
BEGIN
    LOCK TABLE krr_population IN EXCLUSIVE MODE;
    ALTER TABLE krr_population DISABLE TRIGGER trg_krr_population_summary_insert;
    ALTER TABLE krr_population DISABLE TRIGGER trg_krr_population_summary_update;
    TRUNCATE krr_population;
    PERFORM krr_population_upsert_resident(payload->'Record') FROM krr_grain_state WHERE state_name = 'resident';
    PERFORM krr_population_upsert_person(payload->'Record') FROM krr_grain_state WHERE state_name = 'person';
    ALTER TABLE krr_population ENABLE TRIGGER trg_krr_population_summary_insert;
    ALTER TABLE krr_population ENABLE TRIGGER trg_krr_population_summary_update;
    PERFORM krr_population_summaries_rebuild();
    SELECT count(*) INTO persons FROM krr_population;
    RETURN persons;
END
$f$;

-- Existing rows (a database migrated with a loaded register).
SELECT krr_population_summaries_rebuild();
