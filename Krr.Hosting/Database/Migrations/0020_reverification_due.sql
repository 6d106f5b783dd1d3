-- Re-verification schedule (SPEC §7): one row per (person, channel, kind) with the instant it falls due and its
-- UTC due day, which names the bucket grain (due:yyyy-MM-dd) holding the one reminder for all rows of that day.
-- A move between buckets is an upsert of the row; a bucket reads its due rows by (service_id, due_day, due_at).

CREATE TABLE krr_reverification_due
(
    service_id     varchar(150) NOT NULL,
    person         text         NOT NULL,
    channel        smallint     NOT NULL,
    kind           smallint     NOT NULL,
    last_confirmed timestamptz  NOT NULL,
    due_at         timestamptz  NOT NULL,
    due_day        date         NOT NULL,
    CONSTRAINT pk_krr_reverification_due PRIMARY KEY (service_id, person, channel, kind)
);

CREATE INDEX ix_krr_reverification_due_day ON krr_reverification_due (service_id, due_day, due_at);
