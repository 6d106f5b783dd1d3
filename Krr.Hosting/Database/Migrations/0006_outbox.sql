-- Durable outbox for messages to citizens (one-time codes, 16-month warnings). A message is enqueued
-- once per dedupe_key, so a retried or duplicated request (a reminder firing twice) sends nothing twice;
-- a dispatcher claims due rows (locked_until), sends, and marks them sent, retrying with backoff.

CREATE TABLE krr_outbox
(
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedupe_key      text        NOT NULL UNIQUE,
    channel         text        NOT NULL CHECK (channel IN ('email', 'sms')),
    recipient       text        NOT NULL,
    subject         text        NULL,
    body            text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    attempts        int         NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    locked_until    timestamptz NULL,
    sent_at         timestamptz NULL,
    last_error      text        NULL
);

CREATE INDEX ix_krr_outbox_due ON krr_outbox (next_attempt_at) WHERE sent_at IS NULL;
