-- krr_grain_state is written in batches: CoalescedStateWrites stores the concurrent writes of many grains in one
-- statement (about 30 rows under load). The changes feed (0030, 0050) and the read model (0040, 0060, 0061) were
-- row-level triggers, so each row was a plpgsql call and one or two statements of its own inside the batch; on the
-- writes benchmark they were about two thirds of a batch's time in PostgreSQL (docs/benchmarks.md, "Writes", wt-b).
-- Their UPDATE triggers become statement-level triggers over transition tables: per statement one INSERT into the
-- feed and one upsert of the read model, whatever the row count. What they record is unchanged, and still in the
-- statement that stores the state, so a change is recorded exactly when it is stored.
--
-- Inserts stay row-level: a grain's first write is rare on the write path, and the bulk loader's one COPY of the
-- national population would otherwise hold every row it copies in a transition table (several GB of temporary
-- files) until its end. PostgreSQL allows transition tables only on triggers of one event, hence the split.

DROP TRIGGER krr_person_change_feed ON krr_grain_state;
DROP TRIGGER trg_krr_population ON krr_grain_state;

-- The read model's upserts take a batch of records; the one-record functions (the rebuild, tests) call them.
CREATE FUNCTION krr_population_upsert_persons(records jsonb[]) RETURNS void
LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO krr_population AS p
        (identifier, krr_status, reserved, email_confirmed, mobile_confirmed, language, mailbox_provider)
    SELECT record->>'Identifier',
           (record->>'Status')::smallint,
           coalesce((record->>'Reserved')::boolean, false),
           greatest((record->'Email'->>'Updated')::timestamptz, (record->'Email'->>'LastVerified')::timestamptz,
                    (record->'Email'->>'LastValidated')::timestamptz),
           greatest((record->'Mobile'->>'Updated')::timestamptz, (record->'Mobile'->>'LastVerified')::timestamptz,
                    (record->'Mobile'->>'LastValidated')::timestamptz),
           record->>'Language',
           record->'Mailbox'->>'ProviderOrg'
    FROM unnest(records) AS record
    WHERE jsonb_typeof(record) = 'object'
    ON CONFLICT (identifier) DO UPDATE SET
        krr_status = excluded.krr_status,
        reserved = excluded.reserved,
        email_confirmed = excluded.email_confirmed,
        mobile_confirmed = excluded.mobile_confirmed,
        language = excluded.language,
        mailbox_provider = excluded.mailbox_provider
    WHERE (p.krr_status, p.reserved, p.email_confirmed, p.mobile_confirmed, p.language, p.mailbox_provider)
        IS DISTINCT FROM (excluded.krr_status, excluded.reserved, excluded.email_confirmed, excluded.mobile_confirmed,
                          excluded.language, excluded.mailbox_provider);
END;
$f$;

CREATE FUNCTION krr_population_upsert_residents(records jsonb[]) RETURNS void
LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO krr_population AS p (identifier, birth_date, municipality, resident_status)
    SELECT record->>'Identifier', (record->>'BirthDate')::date, record->>'Municipality', (record->>'Status')::smallint
    FROM unnest(records) AS record
    WHERE jsonb_typeof(record) = 'object'
    ON CONFLICT (identifier) DO UPDATE SET
        birth_date = excluded.birth_date,
        municipality = excluded.municipality,
        resident_status = excluded.resident_status
    WHERE (p.birth_date, p.municipality, p.resident_status)
        IS DISTINCT FROM (excluded.birth_date, excluded.municipality, excluded.resident_status);
END;
$f$;

-- plpgsql, so the call's plan is kept for the session (0060).
CREATE OR REPLACE FUNCTION krr_population_upsert_person(record jsonb) RETURNS void
LANGUAGE plpgsql AS $f$ BEGIN PERFORM krr_population_upsert_persons(ARRAY[record]); END; $f$;

CREATE OR REPLACE FUNCTION krr_population_upsert_resident(record jsonb) RETURNS void
LANGUAGE plpgsql AS $f$ BEGIN PERFORM krr_population_upsert_residents(ARRAY[record]); END; $f$;

-- The changes feed: each stored person Record, on insert or when the update changed it (bookkeeping beside the
-- Record, PersonState.Unsettled, is no change, 0050).
CREATE OR REPLACE FUNCTION krr_record_person_change() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    IF jsonb_typeof(NEW.payload -> 'Record') = 'object' THEN
        INSERT INTO krr_person_change (record) VALUES (NEW.payload -> 'Record');
    END IF;
    RETURN NULL;
END;
$f$;

CREATE FUNCTION krr_record_person_changes() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO krr_person_change (record)
    SELECT n.payload -> 'Record'
    FROM new_rows n JOIN old_rows o USING (service_id, state_name, grain_n0, grain_n1, grain_ext)
    WHERE n.state_name = 'person' AND jsonb_typeof(n.payload -> 'Record') = 'object'
      AND o.payload -> 'Record' IS DISTINCT FROM n.payload -> 'Record';
    RETURN NULL;
END;
$f$;

CREATE TRIGGER krr_person_change_feed
    AFTER INSERT ON krr_grain_state
    FOR EACH ROW WHEN (NEW.state_name = 'person')
    EXECUTE FUNCTION krr_record_person_change();
CREATE TRIGGER krr_person_change_feed_update
    AFTER UPDATE ON krr_grain_state REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION krr_record_person_changes();

-- The read model: the Records of inserted persons and residents, and of updated ones where the update changed more
-- than a person's duplicate flags and its Record's Updated, which no read-model column comes from (0061). The
-- batched upserts are called only when there is a record to upsert.
CREATE OR REPLACE FUNCTION krr_population_from_grain_state() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    IF NEW.state_name = 'person' THEN
        PERFORM krr_population_upsert_person(NEW.payload->'Record');
    ELSE
        PERFORM krr_population_upsert_resident(NEW.payload->'Record');
    END IF;
    RETURN NULL;
END
$f$;

CREATE FUNCTION krr_population_from_grain_states() RETURNS trigger
LANGUAGE plpgsql AS $f$
DECLARE
    changed_persons jsonb[];
    changed_residents jsonb[];
BEGIN
    changed_persons := ARRAY(
        SELECT n.payload -> 'Record'
        FROM new_rows n JOIN old_rows o USING (service_id, state_name, grain_n0, grain_n1, grain_ext)
        WHERE n.state_name = 'person'
          AND (o.payload -> 'Record') #- '{Updated}' #- '{Email,Duplicated}' #- '{Mobile,Duplicated}'
              IS DISTINCT FROM (n.payload -> 'Record') #- '{Updated}' #- '{Email,Duplicated}' #- '{Mobile,Duplicated}');
    changed_residents := ARRAY(
        SELECT n.payload -> 'Record'
        FROM new_rows n JOIN old_rows o USING (service_id, state_name, grain_n0, grain_n1, grain_ext)
        WHERE n.state_name = 'resident' AND o.payload -> 'Record' IS DISTINCT FROM n.payload -> 'Record');
    IF cardinality(changed_persons) > 0 THEN
        PERFORM krr_population_upsert_persons(changed_persons);
    END IF;
    IF cardinality(changed_residents) > 0 THEN
        PERFORM krr_population_upsert_residents(changed_residents);
    END IF;
    RETURN NULL;
END
$f$;

CREATE TRIGGER trg_krr_population
    AFTER INSERT ON krr_grain_state
    FOR EACH ROW WHEN (NEW.state_name IN ('person', 'resident'))
    EXECUTE FUNCTION krr_population_from_grain_state();
CREATE TRIGGER trg_krr_population_update
    AFTER UPDATE ON krr_grain_state REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION krr_population_from_grain_states();
