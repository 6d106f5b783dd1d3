-- The changes feed (hentEndringer, SPEC §9): every stored change of a person, recorded by a trigger in the
-- same statement as the grain's state write, so a silo dying between the two cannot lose or invent one.
--
-- Public change ids are NOT taken from a sequence at write time: concurrent writers commit out of order, and a
-- reader at the head would pass an id whose transaction commits later. Changes are stored without an id, and
-- readers number the committed ones (ChangesFeedStore) one numberer at a time, under an advisory lock that
-- PostgreSQL releases only after the numbering is visible: ids become visible in order, so a reader that has
-- seen id n has seen every id below n, and a change that commits late simply gets a later id.

CREATE TABLE krr_person_change
(
    -- Order of recording; only orders the changes one numbering pass finds.
    recorded    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The public endringsId, set when the change is numbered; contiguous from 200 000 001.
    change_id   bigint      NULL UNIQUE,
    record      jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX ix_krr_person_change_unnumbered ON krr_person_change (recorded) WHERE change_id IS NULL;

CREATE FUNCTION krr_record_person_change() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    IF jsonb_typeof(NEW.payload -> 'Record') = 'object'
       AND (TG_OP = 'INSERT' OR OLD.payload IS DISTINCT FROM NEW.payload) THEN
        INSERT INTO krr_person_change (record) VALUES (NEW.payload -> 'Record');
    END IF;
    RETURN NULL;
END;
$f$;

CREATE TRIGGER krr_person_change_feed
    AFTER INSERT OR UPDATE OF payload ON krr_grain_state
    FOR EACH ROW
    WHEN (NEW.state_name = 'person')
    EXECUTE FUNCTION krr_record_person_change();
