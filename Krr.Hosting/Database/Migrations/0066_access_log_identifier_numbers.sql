-- The GIN index on the identifiers is nearly all of the access log's cost in PostgreSQL: a row of 1000 identifiers
-- costs ~60 times as much CPU with it as without, and a lookup of 1000 puts 1000 entries into it. Indexed as bigint
-- (an identifier is 11 digits) the same entries cost about 0.63 of text's (docs/benchmarks.md, "The access log's
-- index"). Rewriting the stored column in place is too slow for a national log (issue 9: the migrator's timeout on a
-- 463 MB log), so this expands instead: new rows keep their identifiers in identifier_numbers and leave identifiers
-- null; old rows keep theirs; readers read both. The old column and its index can go once retention has removed the
-- last row that uses them.

ALTER TABLE krr_access_log
    ALTER COLUMN identifiers DROP NOT NULL,
    ADD COLUMN identifier_numbers bigint[] NULL;

-- NOT VALID: old rows satisfy it by construction, and checking them would read the whole log.
ALTER TABLE krr_access_log
    ADD CONSTRAINT ck_krr_access_log_one_identifier_column CHECK (num_nonnulls(identifiers, identifier_numbers) = 1) NOT VALID;

-- Partial, so building it reads only the heap's row headers: no existing row has the column yet.
CREATE INDEX ix_krr_access_log_identifier_numbers ON krr_access_log USING gin (identifier_numbers)
    WHERE identifier_numbers IS NOT NULL;

-- The citizen's "who looked me up" page. ANALYZE leaves out values wider than 1 kB, so the planner has no statistics
-- for a log's identifiers and assumes that 0.5 % of all rows name any given person. With most of each row in TOAST
-- the heap looks small, and it read the whole log instead of the indexes: 3.4-4.1 s for one person on the national
-- benchmark database's 30,880 rows, growing with the log. Only bitmap scans are left to it here, which the two GIN
-- indexes answer (AccessLogIdentifierNumbersTests reads the plan); the plain index scan is off too, because a large
-- log would make walking logged_at backwards until 500 rows match look cheaper.
CREATE FUNCTION krr_access_log_about(number bigint, identifier text, max_entries int)
    RETURNS TABLE (logged_at timestamptz, consumer_org char(9), supplier_org char(9), scopes text[])
    LANGUAGE sql STABLE
    SET enable_seqscan = off
    SET enable_indexscan = off
AS $$
    SELECT l.logged_at, l.consumer_org, l.supplier_org, l.scopes
    FROM krr_access_log l
    WHERE l.identifier_numbers @> ARRAY[number] OR l.identifiers @> ARRAY[identifier]
    ORDER BY l.logged_at DESC
    LIMIT max_entries
$$;
