-- Summaries of krr_population so the statistics and the search counts read a few thousand rows instead of
-- scanning millions (docs/benchmarks.md), without any row that concurrent person writes share.
--
-- Each summary is a compacted table plus a pending table of the same columns and no key. A row trigger on
-- krr_population only INSERTs into the pending tables (-1 for the old row's group, +1 for the new one's,
-- nothing when the group does not change): inserts never wait for another writer, so no person write queues behind another's open
-- transaction (0042 updated shared rows in place and was reverted for exactly that). Readers sum compacted plus
-- pending rows (the *_current views) in one statement, so they see one snapshot of both. krr_population_compact()
-- folds the committed pending rows into the compacted ones in one short transaction, one compactor at a time
-- (advisory lock); the silos run it every few seconds (PopulationSummaryCompactor). Rows of writers still in
-- progress are invisible to its DELETE and stay pending, so it never waits for a writer either.

-- A database that applied the reverted 0042 (git history, merge bb69437) still runs its statement triggers, which
-- update shared summary rows in place on every write: drop them and everything of 0042 this migration replaces.
DROP TRIGGER IF EXISTS trg_krr_population_summary_insert ON krr_population;
DROP TRIGGER IF EXISTS trg_krr_population_summary_update ON krr_population;
DROP TRIGGER IF EXISTS trg_krr_population_summary_delete ON krr_population;
DROP FUNCTION IF EXISTS krr_population_summary_trigger();
DROP FUNCTION IF EXISTS krr_population_summary_statements(text);
DROP FUNCTION IF EXISTS krr_population_summaries_rebuild();
DROP FUNCTION IF EXISTS krr_population_confirmed_day(smallint, boolean, timestamptz, timestamptz);
DROP TABLE IF EXISTS krr_population_by_birth_date, krr_population_by_municipality, krr_population_by_confirmed_day;
DROP INDEX IF EXISTS ix_krr_population_notifiable;

-- Residents (resident_status 0) per birth date: ages on any day follow from the date, so the age table is a sum
-- over about 40 000 dates, exact on every day without an ageing job.
CREATE TABLE krr_population_by_birth_date
(
    birth_date date   PRIMARY KEY,
    residents  bigint NOT NULL,
    mailbox    bigint NOT NULL, -- active in KRR with a digital mailbox
    reserved   bigint NOT NULL  -- active in KRR and reserved
);
CREATE TABLE krr_population_by_birth_date_pending (LIKE krr_population_by_birth_date);

-- Residents per municipality, for reserved per county and municipality.
CREATE TABLE krr_population_by_municipality
(
    municipality char(4) PRIMARY KEY,
    residents    bigint  NOT NULL,
    reserved     bigint  NOT NULL
);
CREATE TABLE krr_population_by_municipality_pending (LIKE krr_population_by_municipality);

-- Every row of krr_population by the search filters' columns (TestDataFilter) and the UTC day of its newest
-- confirmation. Whether a confirmation is still fresh depends on the moment of asking, and freshness only ends,
-- so KAN_VARSLES is "active, not reserved, confirmed at or after FreshSince": every day after that instant's day
-- counts whole from here, and that one day's rows are counted in ix_krr_population_notifiable.
CREATE TABLE krr_population_by_search_key
(
    krr_status    smallint NULL,
    reserved      boolean  NOT NULL,
    language      text     NULL,
    has_mobile    boolean  NOT NULL,
    has_email     boolean  NOT NULL,
    confirmed_day date     NULL,
    persons       bigint   NOT NULL,
    UNIQUE NULLS NOT DISTINCT (krr_status, reserved, language, has_mobile, has_email, confirmed_day)
);
CREATE TABLE krr_population_by_search_key_pending (LIKE krr_population_by_search_key);

CREATE INDEX ix_krr_population_notifiable ON krr_population (greatest(email_confirmed, mobile_confirmed))
    WHERE krr_status = 0 AND NOT reserved;

CREATE VIEW krr_population_by_birth_date_current AS
    SELECT * FROM krr_population_by_birth_date UNION ALL SELECT * FROM krr_population_by_birth_date_pending;
CREATE VIEW krr_population_by_municipality_current AS
    SELECT * FROM krr_population_by_municipality UNION ALL SELECT * FROM krr_population_by_municipality_pending;
CREATE VIEW krr_population_by_search_key_current AS
    SELECT * FROM krr_population_by_search_key UNION ALL SELECT * FROM krr_population_by_search_key_pending;

CREATE FUNCTION krr_confirmed_day(email_confirmed timestamptz, mobile_confirmed timestamptz) RETURNS date
LANGUAGE sql IMMUTABLE AS $f$
    SELECT (greatest(email_confirmed, mobile_confirmed) AT TIME ZONE 'UTC')::date;
$f$;

-- The deltas of one changed row. An update within the same birth date or municipality is one row of differences.
CREATE FUNCTION krr_population_summary_delta() RETURNS trigger
LANGUAGE plpgsql AS $f$
DECLARE
    o krr_population;
    n krr_population;
    o_resident boolean := false;
    n_resident boolean := false;
    o_mailbox int := 0;
    n_mailbox int := 0;
    o_reserved int := 0;
    n_reserved int := 0;
BEGIN
    IF TG_OP <> 'INSERT' THEN
        o := OLD;
        o_resident := coalesce(o.resident_status = 0, false);
        o_mailbox := coalesce(o.krr_status = 0 AND o.mailbox_provider IS NOT NULL, false)::int;
        o_reserved := coalesce(o.krr_status = 0 AND o.reserved, false)::int;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        n := NEW;
        n_resident := coalesce(n.resident_status = 0, false);
        n_mailbox := coalesce(n.krr_status = 0 AND n.mailbox_provider IS NOT NULL, false)::int;
        n_reserved := coalesce(n.krr_status = 0 AND n.reserved, false)::int;
    END IF;

    IF o_resident AND n_resident AND o.birth_date IS NOT DISTINCT FROM n.birth_date THEN
        IF (o_mailbox, o_reserved) <> (n_mailbox, n_reserved) AND n.birth_date IS NOT NULL THEN
            INSERT INTO krr_population_by_birth_date_pending VALUES (n.birth_date, 0, n_mailbox - o_mailbox, n_reserved - o_reserved);
        END IF;
    ELSE
        IF o_resident AND o.birth_date IS NOT NULL THEN
            INSERT INTO krr_population_by_birth_date_pending VALUES (o.birth_date, -1, -o_mailbox, -o_reserved);
        END IF;
        IF n_resident AND n.birth_date IS NOT NULL THEN
            INSERT INTO krr_population_by_birth_date_pending VALUES (n.birth_date, 1, n_mailbox, n_reserved);
        END IF;
    END IF;

    IF o_resident AND n_resident AND o.municipality IS NOT DISTINCT FROM n.municipality THEN
        IF o_reserved <> n_reserved AND n.municipality IS NOT NULL THEN
            INSERT INTO krr_population_by_municipality_pending VALUES (n.municipality, 0, n_reserved - o_reserved);
        END IF;
    ELSE
        IF o_resident AND o.municipality IS NOT NULL THEN
            INSERT INTO krr_population_by_municipality_pending VALUES (o.municipality, -1, -o_reserved);
        END IF;
        IF n_resident AND n.municipality IS NOT NULL THEN
            INSERT INTO krr_population_by_municipality_pending VALUES (n.municipality, 1, n_reserved);
        END IF;
    END IF;

    IF TG_OP = 'UPDATE' AND (o.krr_status, o.reserved, o.language, o.mobile_confirmed IS NOT NULL, o.email_confirmed IS NOT NULL,
                             krr_confirmed_day(o.email_confirmed, o.mobile_confirmed))
        IS NOT DISTINCT FROM (n.krr_status, n.reserved, n.language, n.mobile_confirmed IS NOT NULL, n.email_confirmed IS NOT NULL,
                              krr_confirmed_day(n.email_confirmed, n.mobile_confirmed)) THEN
        RETURN NULL;
    END IF;
    IF TG_OP <> 'INSERT' THEN
        INSERT INTO krr_population_by_search_key_pending VALUES (o.krr_status, o.reserved, o.language, o.mobile_confirmed IS NOT NULL,
            o.email_confirmed IS NOT NULL, krr_confirmed_day(o.email_confirmed, o.mobile_confirmed), -1);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO krr_population_by_search_key_pending VALUES (n.krr_status, n.reserved, n.language, n.mobile_confirmed IS NOT NULL,
            n.email_confirmed IS NOT NULL, krr_confirmed_day(n.email_confirmed, n.mobile_confirmed), 1);
    END IF;
    RETURN NULL;
END
$f$;

CREATE TRIGGER trg_krr_population_summary
    AFTER INSERT OR UPDATE OR DELETE ON krr_population
    FOR EACH ROW EXECUTE FUNCTION krr_population_summary_delta();

-- Folds committed pending rows into the compacted summaries; returns how many pending rows it folded, or 0 when
-- another compactor holds the lock. Groups that sum to nothing are dropped, so the summaries hold no zero rows.
CREATE FUNCTION krr_population_compact() RETURNS bigint
LANGUAGE plpgsql AS $f$
DECLARE
    folded bigint := 0;
    moved bigint;
BEGIN
    IF NOT pg_try_advisory_xact_lock(hashtext('krr_population_summaries')) THEN
        RETURN 0;
    END IF;
    WITH moved_rows AS (DELETE FROM krr_population_by_birth_date_pending RETURNING *),
         counted AS (SELECT count(*) AS n FROM moved_rows),
         folded_rows AS (
             INSERT INTO krr_population_by_birth_date AS s
             SELECT birth_date, sum(residents), sum(mailbox), sum(reserved) FROM moved_rows GROUP BY birth_date ORDER BY birth_date
             ON CONFLICT (birth_date) DO UPDATE SET residents = s.residents + excluded.residents,
                 mailbox = s.mailbox + excluded.mailbox, reserved = s.reserved + excluded.reserved)
    SELECT n INTO moved FROM counted;
    folded := folded + moved;
    WITH moved_rows AS (DELETE FROM krr_population_by_municipality_pending RETURNING *),
         counted AS (SELECT count(*) AS n FROM moved_rows),
         folded_rows AS (
             INSERT INTO krr_population_by_municipality AS s
             SELECT municipality, sum(residents), sum(reserved) FROM moved_rows GROUP BY municipality ORDER BY municipality
             ON CONFLICT (municipality) DO UPDATE SET residents = s.residents + excluded.residents, reserved = s.reserved + excluded.reserved)
    SELECT n INTO moved FROM counted;
    folded := folded + moved;
    WITH moved_rows AS (DELETE FROM krr_population_by_search_key_pending RETURNING *),
         counted AS (SELECT count(*) AS n FROM moved_rows),
         folded_rows AS (
             INSERT INTO krr_population_by_search_key AS s
             SELECT krr_status, reserved, language, has_mobile, has_email, confirmed_day, sum(persons) FROM moved_rows
             GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6
             ON CONFLICT (krr_status, reserved, language, has_mobile, has_email, confirmed_day) DO UPDATE SET persons = s.persons + excluded.persons)
    SELECT n INTO moved FROM counted;
    folded := folded + moved;
    IF folded > 0 THEN
        DELETE FROM krr_population_by_birth_date WHERE (residents, mailbox, reserved) = (0, 0, 0);
        DELETE FROM krr_population_by_municipality WHERE (residents, reserved) = (0, 0);
        DELETE FROM krr_population_by_search_key WHERE persons = 0;
    END IF;
    RETURN folded;
END
$f$;

-- Recomputes the summaries from krr_population, with no person write in between (SHARE lock) and no compactor.
CREATE FUNCTION krr_population_summaries_rebuild() RETURNS void
LANGUAGE plpgsql AS $f$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('krr_population_summaries'));
    LOCK TABLE krr_population IN SHARE MODE;
    TRUNCATE krr_population_by_birth_date, krr_population_by_birth_date_pending,
             krr_population_by_municipality, krr_population_by_municipality_pending,
             krr_population_by_search_key, krr_population_by_search_key_pending;
    INSERT INTO krr_population_by_birth_date
    SELECT birth_date, count(*), count(*) FILTER (WHERE krr_status = 0 AND mailbox_provider IS NOT NULL),
           count(*) FILTER (WHERE krr_status = 0 AND reserved)
    FROM krr_population WHERE resident_status = 0 AND birth_date IS NOT NULL GROUP BY birth_date;
    INSERT INTO krr_population_by_municipality
    SELECT municipality, count(*), count(*) FILTER (WHERE krr_status = 0 AND reserved)
    FROM krr_population WHERE resident_status = 0 AND municipality IS NOT NULL GROUP BY municipality;
    INSERT INTO krr_population_by_search_key
    SELECT krr_status, reserved, language, mobile_confirmed IS NOT NULL, email_confirmed IS NOT NULL,
           krr_confirmed_day(email_confirmed, mobile_confirmed), count(*)
    FROM krr_population GROUP BY 1, 2, 3, 4, 5, 6;
END
$f$;

-- The rebuild writes one row per statement; the summary trigger is off for it and the summaries are recomputed
-- once at the end, in the same transaction.
CREATE OR REPLACE FUNCTION krr_population_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $f$
DECLARE
    persons bigint;
BEGIN
    LOCK TABLE krr_population IN EXCLUSIVE MODE;
    ALTER TABLE krr_population DISABLE TRIGGER trg_krr_population_summary;
    TRUNCATE krr_population;
    PERFORM krr_population_upsert_resident(payload->'Record') FROM krr_grain_state WHERE state_name = 'resident';
    PERFORM krr_population_upsert_person(payload->'Record') FROM krr_grain_state WHERE state_name = 'person';
    ALTER TABLE krr_population ENABLE TRIGGER trg_krr_population_summary;
    PERFORM krr_population_summaries_rebuild();
    SELECT count(*) INTO persons FROM krr_population;
    RETURN persons;
END
$f$;

-- Existing rows (a database migrated with a loaded register).
SELECT krr_population_summaries_rebuild();
