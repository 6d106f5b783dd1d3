-- Uptime measured by the service itself (SPEC §11): every API process writes one row per minute it is up
-- and serving. A month's uptime is the share of its measured minutes with a row from at least one process
-- (StatisticsQueries.UptimeAsync); minutes before the first row ever are not measured.

CREATE TABLE krr_heartbeat
(
    minute  timestamptz NOT NULL,
    process text        NOT NULL,
    PRIMARY KEY (minute, process)
);
