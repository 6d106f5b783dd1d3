-- Read model for statistics and test-data search (SPEC §11, §12): one row per identifier, combining the
-- KRR record (state 'person') and Folkeregisteret's record (state 'resident'). Kept current by triggers on
-- krr_grain_state, in the same statement as the grain's state write (docs/architecture.md), and
-- recomputed from grain state by krr_population_rebuild() (`Krr.Silo rebuild-read-models`).
-- Enum columns hold the grains' enum values as the System.Text.Json serializer writes them (numbers):
-- krr_status PersonStatus (NULL: IKKE_REGISTRERT, 0 AKTIV, 1 SLETTET),
-- resident_status ResidentStatus (NULL: unknown to Folkeregisteret, 0 resident, 1 emigrated, 2 dead, 3 replaced).

CREATE TABLE krr_population
(
    identifier        char(11)    PRIMARY KEY,
    krr_status        smallint    NULL,
    reserved          boolean     NOT NULL DEFAULT false,
    -- Newest of updated, verified and validated per channel (ContactFreshness.LastConfirmed); NULL: no value.
    email_confirmed   timestamptz NULL,
    mobile_confirmed  timestamptz NULL,
    language          text        NULL,
    mailbox_provider  char(9)     NULL,
    birth_date        date        NULL,
    municipality      char(4)     NULL,
    resident_status   smallint    NULL
);

-- Search pages by identifier (primary key); the filters are few-valued, so one composite index serves counts.
CREATE INDEX ix_krr_population_search ON krr_population (krr_status, reserved, language);
CREATE INDEX ix_krr_population_residents ON krr_population (municipality) WHERE resident_status = 0;

CREATE FUNCTION krr_population_upsert_person(record jsonb) RETURNS void
LANGUAGE sql AS $f$
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
        mailbox_provider = excluded.mailbox_provider;
$f$;

CREATE FUNCTION krr_population_upsert_resident(record jsonb) RETURNS void
LANGUAGE sql AS $f$
    INSERT INTO krr_population AS p (identifier, birth_date, municipality, resident_status)
    SELECT record->>'Identifier', (record->>'BirthDate')::date, record->>'Municipality', (record->>'Status')::smallint
    WHERE jsonb_typeof(record) = 'object'
    ON CONFLICT (identifier) DO UPDATE SET
        birth_date = excluded.birth_date,
        municipality = excluded.municipality,
        resident_status = excluded.resident_status;
$f$;

CREATE FUNCTION krr_population_from_grain_state() RETURNS trigger
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

CREATE TRIGGER trg_krr_population
    AFTER INSERT OR UPDATE OF payload ON krr_grain_state
    FOR EACH ROW WHEN (NEW.state_name IN ('person', 'resident'))
    EXECUTE FUNCTION krr_population_from_grain_state();

-- Repair: recompute every row from the stored grain state, in one transaction with the caller's.
CREATE FUNCTION krr_population_rebuild() RETURNS bigint
LANGUAGE plpgsql AS $f$
DECLARE
    persons bigint;
BEGIN
    LOCK TABLE krr_population IN EXCLUSIVE MODE;
    TRUNCATE krr_population;
    PERFORM krr_population_upsert_resident(payload->'Record') FROM krr_grain_state WHERE state_name = 'resident';
    PERFORM krr_population_upsert_person(payload->'Record') FROM krr_grain_state WHERE state_name = 'person';
    SELECT count(*) INTO persons FROM krr_population;
    RETURN persons;
END
$f$;
