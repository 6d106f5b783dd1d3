-- Who looked up whom: one row per lookup answered. The citizen's "who looked me up" page
-- queries by identifier (GIN on the array); retention jobs and statistics query by time.

CREATE TABLE krr_access_log
(
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    logged_at     timestamptz NOT NULL,
    consumer_org  char(9)     NOT NULL,
    supplier_org  char(9)     NULL,
    endpoint      text        NOT NULL,
    scopes        text[]      NOT NULL,
    identifiers   text[]      NOT NULL
);

CREATE INDEX ix_krr_access_log_logged_at ON krr_access_log (logged_at);
CREATE INDEX ix_krr_access_log_identifiers ON krr_access_log USING gin (identifiers);
