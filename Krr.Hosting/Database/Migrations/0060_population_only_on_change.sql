-- The read model krr_population follows each person's and resident's Record (migration 0040). Most state writes do
-- not change what it holds: a person's write of bookkeeping only (PersonState.Unsettled, two of the three writes of a
-- contact change) leaves the Record as it was, and a duplicate flag or a new spelling changes the Record but none of
-- the read model's columns. Such writes now leave the read-model row (and so its summary trigger, 0044) alone instead
-- of rewriting it with the same values.
--
-- The two upserts become plpgsql: a plpgsql function keeps its statements' plans for the session, while a SQL
-- function called from the trigger was parsed and planned again on every write (about three quarters of a person
-- write's time in PostgreSQL, docs/benchmarks.md "Writes").

CREATE OR REPLACE FUNCTION krr_population_upsert_person(record jsonb) RETURNS void
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

CREATE OR REPLACE FUNCTION krr_population_upsert_resident(record jsonb) RETURNS void
LANGUAGE plpgsql AS $f$
BEGIN
    INSERT INTO krr_population AS p (identifier, birth_date, municipality, resident_status)
    SELECT record->>'Identifier', (record->>'BirthDate')::date, record->>'Municipality', (record->>'Status')::smallint
    WHERE jsonb_typeof(record) = 'object'
    ON CONFLICT (identifier) DO UPDATE SET
        birth_date = excluded.birth_date,
        municipality = excluded.municipality,
        resident_status = excluded.resident_status
    WHERE (p.birth_date, p.municipality, p.resident_status)
        IS DISTINCT FROM (excluded.birth_date, excluded.municipality, excluded.resident_status);
END;
$f$;

CREATE OR REPLACE FUNCTION krr_population_from_grain_state() RETURNS trigger
LANGUAGE plpgsql AS $f$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.payload -> 'Record' IS NOT DISTINCT FROM NEW.payload -> 'Record' THEN
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
