-- Grain state for the Orleans ADO.NET grain storage provider, stored as jsonb.
-- The key is (service, state name, grain key); the grain type is deliberately not part of it
-- (orleans-postgres.md §1.4 pitfall 1), so every [PersistentState] name is globally unique.
-- grain_ext holds coalesce(@GrainIdExtensionString, '') so that key equality can use the unique index.
-- The payload must be UTF-8 JSON: the provider is configured with the System.Text.Json serializer.

CREATE TABLE krr_grain_state
(
    service_id  varchar(150) NOT NULL,
    state_name  varchar(512) NOT NULL,
    grain_n0    bigint       NOT NULL,
    grain_n1    bigint       NOT NULL,
    grain_ext   varchar(512) NOT NULL DEFAULT '',
    grain_hash  int          NOT NULL,
    state_hash  int          NOT NULL,
    payload     jsonb        NULL,
    version     int          NOT NULL,
    modified_on timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT uq_krr_grain_state_key UNIQUE (service_id, state_name, grain_n0, grain_n1, grain_ext)
);

INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $q$
    SELECT convert_to(payload::text, 'UTF8') AS PayloadBinary, version AS Version
    FROM krr_grain_state
    WHERE service_id = @ServiceId
      AND state_name = @GrainTypeString
      AND grain_n0 = @GrainIdN0
      AND grain_n1 = @GrainIdN1
      AND grain_ext = coalesce(@GrainIdExtensionString::varchar, '');
$q$),
-- Update only at the expected version; insert only when the grain has no ETag and no row exists.
-- One row always comes back; NULL means an ETag conflict.
('WriteToStorageKey', $q$
    WITH upd AS (
        UPDATE krr_grain_state
        SET payload = convert_from(@PayloadBinary, 'UTF8')::jsonb,
            version = version + 1,
            grain_hash = @GrainIdHash,
            state_hash = @GrainTypeHash,
            modified_on = now()
        WHERE service_id = @ServiceId
          AND state_name = @GrainTypeString
          AND grain_n0 = @GrainIdN0
          AND grain_n1 = @GrainIdN1
          AND grain_ext = coalesce(@GrainIdExtensionString::varchar, '')
          AND version = @GrainStateVersion::int
        RETURNING version
    ), ins AS (
        INSERT INTO krr_grain_state
            (service_id, state_name, grain_n0, grain_n1, grain_ext, grain_hash, state_hash, payload, version, modified_on)
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString::varchar, ''),
               @GrainIdHash, @GrainTypeHash, convert_from(@PayloadBinary, 'UTF8')::jsonb, 1, now()
        WHERE @GrainStateVersion::int IS NULL
        ON CONFLICT ON CONSTRAINT uq_krr_grain_state_key DO NOTHING
        RETURNING version
    )
    SELECT (SELECT version FROM upd UNION ALL SELECT version FROM ins LIMIT 1) AS NewGrainStateVersion;
$q$),
-- Same version rules as the write, with a NULL payload (the row stays, as a tombstone).
('ClearStorageKey', $q$
    WITH upd AS (
        UPDATE krr_grain_state
        SET payload = NULL,
            version = version + 1,
            modified_on = now()
        WHERE service_id = @ServiceId
          AND state_name = @GrainTypeString
          AND grain_n0 = @GrainIdN0
          AND grain_n1 = @GrainIdN1
          AND grain_ext = coalesce(@GrainIdExtensionString::varchar, '')
          AND version = @GrainStateVersion::int
        RETURNING version
    ), ins AS (
        INSERT INTO krr_grain_state
            (service_id, state_name, grain_n0, grain_n1, grain_ext, grain_hash, state_hash, payload, version, modified_on)
        SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString::varchar, ''),
               @GrainIdHash, @GrainTypeHash, NULL, 1, now()
        WHERE @GrainStateVersion::int IS NULL
        ON CONFLICT ON CONSTRAINT uq_krr_grain_state_key DO NOTHING
        RETURNING version
    )
    SELECT (SELECT version FROM upd UNION ALL SELECT version FROM ins LIMIT 1) AS NewGrainStateVersion;
$q$),
-- Used when DeleteStateOnClear = true. The provider reads the first column: it must differ from the
-- grain's ETag on success (deleted version + 1; the provider then resets the ETag to null) and be
-- NULL on a version conflict. One row always comes back.
('DeleteStorageKey', $q$
    WITH del AS (
        DELETE FROM krr_grain_state
        WHERE service_id = @ServiceId
          AND state_name = @GrainTypeString
          AND grain_n0 = @GrainIdN0
          AND grain_n1 = @GrainIdN1
          AND grain_ext = coalesce(@GrainIdExtensionString::varchar, '')
          AND version = @GrainStateVersion::int
        RETURNING version + 1 AS next_version
    )
    SELECT (SELECT next_version FROM del) AS NewGrainStateVersion;
$q$)
ON CONFLICT (querykey) DO UPDATE SET querytext = excluded.querytext;
