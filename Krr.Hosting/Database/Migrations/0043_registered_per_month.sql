-- Registered persons (krr_population has no history) as of each month's end (SPEC §11 key figures). A month's row
-- is taken once, by the first caller after the month ended: every API process's heartbeat calls this for the
-- previous month each minute, so the row is the count within a minute of the month's end while any process is up;
-- a month that ended with no process up is taken when first asked for, the best figure left by then.
CREATE TABLE krr_registered_month
(
    month      date   PRIMARY KEY, -- first day of the UTC month
    registered bigint NOT NULL
);

-- The month's figure, taken now if it has none. The count runs only when the row is missing (a one-time filter).
CREATE FUNCTION krr_registered_month_snapshot(month_start date) RETURNS bigint
LANGUAGE sql AS $f$
    INSERT INTO krr_registered_month (month, registered)
    SELECT month_start, (SELECT count(*) FROM krr_population WHERE krr_status = 0)
    WHERE NOT EXISTS (SELECT 1 FROM krr_registered_month WHERE month = month_start)
    ON CONFLICT (month) DO NOTHING;
    SELECT registered FROM krr_registered_month WHERE month = month_start;
$f$;
