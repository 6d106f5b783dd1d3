-- Persons whose stored state lists unsettled contact values (PersonState.Unsettled), for UnsettledPersonSweep:
-- normally none, so the index stays empty and the sweep's query costs nothing.
CREATE INDEX ix_krr_grain_state_unsettled ON krr_grain_state (service_id)
    WHERE state_name = 'person' AND payload -> 'Unsettled' <> '[]'::jsonb;
