-- Persons whose stored state lists unsettled contact values (PersonState.Unsettled), for UnsettledPersonSweep, kept in
-- a table of their own instead of 0051's partial index on krr_grain_state. That index's predicate names `payload`, and
-- PostgreSQL makes an update HOT (heap-only: no new entry in any index) only when no column that an index or an index
-- predicate names changes, so no state write was ever HOT: every one of a contact change's ~3.6 state rows added an
-- entry to the unique key's index, to be vacuumed later (docs/benchmarks.md, "Writes", wt-f). With the predicate gone,
-- krr_grain_state's only index is its key, which no write changes.
--
-- The rows come and go with the person's own row (triggers, in the transaction of the write): a claim adds one, the
-- write that settles the last value removes it. Only a write that changes whether anything is unsettled calls a
-- trigger (the WHEN clauses), so owner sets, flags and bookkeeping-only writes cost nothing here. A row is only ever
-- touched under its person's row lock in krr_grain_state, so concurrent batches cannot deadlock on this table.
--
-- The migration reads the persons that are unsettled now through 0051's index (normally none) before dropping it: no
-- scan of krr_grain_state. The fill factor leaves new pages room for an update's new version on the same page (pages
-- written before keep theirs: a row's first update after this moves it once, to a page with room).

CREATE TABLE krr_unsettled_person
(
    service_id varchar(150) NOT NULL,
    grain_ext  varchar(512) NOT NULL,
    PRIMARY KEY (service_id, grain_ext)
);

INSERT INTO krr_unsettled_person (service_id, grain_ext)
SELECT service_id, grain_ext FROM krr_grain_state
WHERE state_name = 'person' AND payload -> 'Unsettled' <> '[]'::jsonb;

CREATE FUNCTION krr_track_unsettled_person() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    IF TG_OP <> 'DELETE' AND coalesce(NEW.payload -> 'Unsettled' <> '[]'::jsonb, false) THEN
        INSERT INTO krr_unsettled_person (service_id, grain_ext) VALUES (NEW.service_id, NEW.grain_ext)
        ON CONFLICT DO NOTHING;
    ELSIF TG_OP = 'DELETE' THEN
        DELETE FROM krr_unsettled_person WHERE service_id = OLD.service_id AND grain_ext = OLD.grain_ext;
    ELSE
        DELETE FROM krr_unsettled_person WHERE service_id = NEW.service_id AND grain_ext = NEW.grain_ext;
    END IF;
    RETURN NULL;
END
$f$;

CREATE TRIGGER krr_unsettled_person_insert
    AFTER INSERT ON krr_grain_state
    FOR EACH ROW WHEN (NEW.state_name = 'person' AND NEW.payload -> 'Unsettled' <> '[]'::jsonb)
    EXECUTE FUNCTION krr_track_unsettled_person();

CREATE TRIGGER krr_unsettled_person_update
    AFTER UPDATE OF payload ON krr_grain_state
    FOR EACH ROW WHEN (NEW.state_name = 'person'
        AND coalesce(OLD.payload -> 'Unsettled' <> '[]'::jsonb, false)
            IS DISTINCT FROM coalesce(NEW.payload -> 'Unsettled' <> '[]'::jsonb, false))
    EXECUTE FUNCTION krr_track_unsettled_person();

CREATE TRIGGER krr_unsettled_person_delete
    AFTER DELETE ON krr_grain_state
    FOR EACH ROW WHEN (OLD.state_name = 'person')
    EXECUTE FUNCTION krr_track_unsettled_person();

DROP INDEX ix_krr_grain_state_unsettled;

ALTER TABLE krr_grain_state SET (fillfactor = 90);
