-- A person write that changes the Record called two plpgsql trigger functions: the changes feed's
-- (krr_record_person_change) and the read model's (krr_population_from_grain_state), and the latter, to skip a
-- co-owner's flag write, compared OLD and NEW Records with six `#-` copies of each. In the writes benchmark that is
-- 1.5 Record changes per contact change (the change itself and its co-owners' flags), and the two calls' own time
-- (without the inserts and the upsert) was about a tenth of PostgreSQL's time per change (docs/benchmarks.md, "Writes",
-- wt-h). Person updates now have one trigger function that does both: the feed entry, and the read model's upsert only
-- when a field it reads moved. Those are the fields krr_population_upsert_person reads; a write that moves none of them
-- (a duplicate flag, the Record's own Updated, a new spelling of the same value) would leave its columns as they are.
-- A new read-model column must add its fields here. Inserts, residents and the bulk loader's trigger are unchanged.

CREATE FUNCTION krr_person_record_update() RETURNS trigger
LANGUAGE plpgsql AS $f$
DECLARE
    o jsonb := OLD.payload -> 'Record';
    n jsonb := NEW.payload -> 'Record';
BEGIN
    IF jsonb_typeof(n) = 'object' THEN
        INSERT INTO krr_person_change (record) VALUES (n);
    END IF;
    IF jsonb_typeof(o) = 'object'
       AND (o -> 'Identifier', o -> 'Status', o -> 'Reserved', o -> 'Language', o #> '{Mailbox,ProviderOrg}',
            o #> '{Email,Updated}', o #> '{Email,LastVerified}', o #> '{Email,LastValidated}',
            o #> '{Mobile,Updated}', o #> '{Mobile,LastVerified}', o #> '{Mobile,LastValidated}')
           IS NOT DISTINCT FROM
           (n -> 'Identifier', n -> 'Status', n -> 'Reserved', n -> 'Language', n #> '{Mailbox,ProviderOrg}',
            n #> '{Email,Updated}', n #> '{Email,LastVerified}', n #> '{Email,LastValidated}',
            n #> '{Mobile,Updated}', n #> '{Mobile,LastVerified}', n #> '{Mobile,LastValidated}') THEN
        RETURN NULL;
    END IF;
    PERFORM krr_population_upsert_person(n);
    RETURN NULL;
END
$f$;

DROP TRIGGER krr_person_change_feed_update ON krr_grain_state;
DROP TRIGGER trg_krr_population_update ON krr_grain_state;

CREATE TRIGGER trg_krr_population_update
    AFTER UPDATE OF payload ON krr_grain_state
    FOR EACH ROW WHEN (NEW.state_name = 'resident'
        AND OLD.payload -> 'Record' IS DISTINCT FROM NEW.payload -> 'Record')
    EXECUTE FUNCTION krr_population_from_grain_state();

CREATE TRIGGER krr_person_record_update
    AFTER UPDATE OF payload ON krr_grain_state
    FOR EACH ROW WHEN (NEW.state_name = 'person'
        AND OLD.payload -> 'Record' IS DISTINCT FROM NEW.payload -> 'Record')
    EXECUTE FUNCTION krr_person_record_update();
