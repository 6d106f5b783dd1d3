-- The Orleans ADO.NET providers read their SQL from this table at start-up (orleans-postgres.md §1.3).
-- Later migrations add their query texts with INSERT ... ON CONFLICT (querykey) DO UPDATE.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL PRIMARY KEY,
    querytext text        NOT NULL
);
