-- The ASP.NET Core Data Protection key ring (page sign-in cookie, antiforgery tokens), shared by every API process
-- so a cookie or form token one process issued opens on another. One row per key element, as the key manager hands
-- it over: rows are only inserted (a key's expiry and revocation are elements of their own), never changed.
-- The XML holds the key material unencrypted: whoever can read this table can forge page sign-ins.
CREATE TABLE krr_data_protection_key
(
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    friendly_name text        NOT NULL,
    xml           text        NOT NULL,
    stored_at     timestamptz NOT NULL DEFAULT now()
);
