-- Registered persons as of each month's end (SPEC §11 key figures): krr_population has no history, so a month's
-- figure is kept once, by the first caller after the month ended. The summary compactor beside every silo calls
-- this for the previous month of the register's clock every few seconds, so the row is the count within seconds
-- of the month's end while any silo is up; a month that ended with no silo up is kept when first asked for.
-- A database that applied the reverted 0043 has this table already, with the figures it kept: they stay.
CREATE TABLE IF NOT EXISTS krr_registered_month
(
    month      date   PRIMARY KEY, -- first day of the UTC month
    registered bigint NOT NULL
);

-- The month's figure, kept now if it has none. The count (from the search summary, a few thousand rows) runs only
-- when the row is missing.
CREATE OR REPLACE FUNCTION krr_registered_month_snapshot(month_start date) RETURNS bigint
LANGUAGE sql AS $f$
    INSERT INTO krr_registered_month (month, registered)
    SELECT month_start, (SELECT coalesce(sum(persons), 0) FROM krr_population_by_search_key_current WHERE krr_status = 0)
    WHERE NOT EXISTS (SELECT 1 FROM krr_registered_month WHERE month = month_start)
    ON CONFLICT (month) DO NOTHING;
    SELECT registered FROM krr_registered_month WHERE month = month_start;
$f$;
