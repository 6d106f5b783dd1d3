-- The read model's upsert ran on every person Record change that moved a field it reads (about one per contact change
-- in the writes benchmark), and it was the largest item of PostgreSQL's work left on the write path (docs/benchmarks.md,
-- "Writes", wt-h and wt-j). INSERT ... ON CONFLICT DO UPDATE on a row that exists first tries the insert (a probe of
-- the primary key), then locks the existing row (a WAL record of its own) and only then updates it. A person Record
-- change almost always finds its row, so the function now updates first and falls back to the upsert only when no row
-- was updated: a new person, a concurrent delete, or a write that leaves every column as it is (which the upsert's
-- WHERE skips as before). What is stored and when is unchanged.
CREATE OR REPLACE FUNCTION krr_population_upsert_person(record jsonb) RETURNS void
LANGUAGE plpgsql AS $f$
DECLARE
    -- The columns' own types: a text identifier would compare as text and miss the char(11) primary key.
    v_identifier krr_population.identifier%TYPE;
    v_status krr_population.krr_status%TYPE;
    v_reserved krr_population.reserved%TYPE;
    v_email krr_population.email_confirmed%TYPE;
    v_mobile krr_population.mobile_confirmed%TYPE;
    v_language krr_population.language%TYPE;
    v_mailbox krr_population.mailbox_provider%TYPE;
BEGIN
    IF jsonb_typeof(record) IS DISTINCT FROM 'object' THEN
        RETURN;
    END IF;
    v_identifier := record->>'Identifier';
    v_status := (record->>'Status')::smallint;
    v_reserved := coalesce((record->>'Reserved')::boolean, false);
    v_email := greatest((record->'Email'->>'Updated')::timestamptz, (record->'Email'->>'LastVerified')::timestamptz,
                        (record->'Email'->>'LastValidated')::timestamptz);
    v_mobile := greatest((record->'Mobile'->>'Updated')::timestamptz, (record->'Mobile'->>'LastVerified')::timestamptz,
                         (record->'Mobile'->>'LastValidated')::timestamptz);
    v_language := record->>'Language';
    v_mailbox := record->'Mailbox'->>'ProviderOrg';

    UPDATE krr_population AS p SET
        krr_status = v_status,
        reserved = v_reserved,
        email_confirmed = v_email,
        mobile_confirmed = v_mobile,
        language = v_language,
        mailbox_provider = v_mailbox
    WHERE p.identifier = v_identifier
      AND (p.krr_status, p.reserved, p.email_confirmed, p.mobile_confirmed, p.language, p.mailbox_provider)
          IS DISTINCT FROM (v_status, v_reserved, v_email, v_mobile, v_language, v_mailbox);
    IF FOUND THEN
        RETURN;
    END IF;

    INSERT INTO krr_population AS p
        (identifier, krr_status, reserved, email_confirmed, mobile_confirmed, language, mailbox_provider)
    VALUES (v_identifier, v_status, v_reserved, v_email, v_mobile, v_language, v_mailbox)
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
END
$f$;

-- Autovacuum's ANALYZE of the state table and the changes feed sorted a sample of their JSON documents (30,000 rows)
-- to build statistics no query uses: nothing filters or joins on these columns themselves (the unsettled index's
-- predicate is matched by proof, not by statistics). In a 12 s profile of the writes benchmark one such ANALYZE was
-- 9 % of PostgreSQL's CPU samples, most of it comparing documents.
ALTER TABLE krr_grain_state ALTER COLUMN payload SET STATISTICS 0;
ALTER TABLE krr_person_change ALTER COLUMN record SET STATISTICS 0;
