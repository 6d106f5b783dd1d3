-- The citizen's answer to "Jeg ønsker å få post fra stat og kommune i digital postkasse: Ja/Nei", one row per
-- person (the latest answer wins). A JA row with fulfilled_at NULL is an order the chosen provider sees in its
-- queue; it is fulfilled when that provider creates the mailbox through the provider API.

CREATE TABLE krr_mailbox_orders
(
    identifier    text        PRIMARY KEY,
    wants_mailbox boolean     NOT NULL,
    provider_org  char(9)     NULL CHECK (wants_mailbox = (provider_org IS NOT NULL)),
    answered_at   timestamptz NOT NULL,
    fulfilled_at  timestamptz NULL
);

CREATE INDEX ix_krr_mailbox_orders_open ON krr_mailbox_orders (provider_org, answered_at)
    WHERE wants_mailbox AND fulfilled_at IS NULL;
