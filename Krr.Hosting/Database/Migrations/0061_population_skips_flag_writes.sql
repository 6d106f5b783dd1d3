-- A co-owner's duplicate flag flipping (ContactChannelRecord.Duplicated, with the Record's Updated) is a write of the
-- person's Record, so 0060's trigger called the read model's upsert for it, which then found every column unchanged
-- (0.14 of the 1.14 upserts per contact change in the writes benchmark, ~0.6-0.9 ms each on a busy 2-core machine;
-- docs/benchmarks.md, "Where the 3.2 ms go"). No read-model column comes from the flags or the Record's own Updated (only the channels'
-- timestamps count), so a write that changes only those now leaves the read model alone before the upsert. A new
-- read-model column taken from one of them must drop it from this comparison.

CREATE OR REPLACE FUNCTION krr_population_from_grain_state() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    IF TG_OP = 'UPDATE'
       AND (OLD.payload -> 'Record') #- '{Updated}' #- '{Email,Duplicated}' #- '{Mobile,Duplicated}'
           IS NOT DISTINCT FROM (NEW.payload -> 'Record') #- '{Updated}' #- '{Email,Duplicated}' #- '{Mobile,Duplicated}' THEN
        RETURN NULL;
    END IF;
    IF NEW.state_name = 'person' THEN
        PERFORM krr_population_upsert_person(NEW.payload->'Record');
    ELSE
        PERFORM krr_population_upsert_resident(NEW.payload->'Record');
    END IF;
    RETURN NULL;
END
$f$;
