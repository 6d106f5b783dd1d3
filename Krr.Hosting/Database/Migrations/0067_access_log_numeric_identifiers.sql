-- The access log's identifiers as numbers: every lookup adds one GIN entry per person, and PostgreSQL's share of a
-- 1000-person lookup was nearly all those inserts (docs/benchmarks.md, "The access log's identifiers as numbers").
-- A GIN index on bigint[] takes them about twice as fast as one on text[] (8-byte keys compared as integers, not as
-- collated strings). A personidentifikator is always 11 digits, so the number says the same; readers search with the
-- identifier parsed as a number, and a leading zero is restored by formatting with 11 digits.

ALTER TABLE krr_access_log ALTER COLUMN identifiers TYPE bigint[] USING identifiers::bigint[];
