-- A person's stored payload also carries bookkeeping beside its Record (the contact values whose owner sets are
-- still being settled, PersonState.Unsettled). Writing only that bookkeeping is not a change of the person, so the
-- changes feed compares the Record, not the whole payload.

CREATE OR REPLACE FUNCTION krr_record_person_change() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    IF jsonb_typeof(NEW.payload -> 'Record') = 'object'
       AND (TG_OP = 'INSERT' OR OLD.payload -> 'Record' IS DISTINCT FROM NEW.payload -> 'Record') THEN
        INSERT INTO krr_person_change (record) VALUES (NEW.payload -> 'Record');
    END IF;
    RETURN NULL;
END;
$f$;
