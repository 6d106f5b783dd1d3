-- A person write that leaves the Record as it is (a change's claim and its settled write, about two of every three
-- person writes in the writes benchmark) called both the read model's and the changes feed's plpgsql trigger functions,
-- only for them to find nothing to do: 0061's comparison copies the Record six times (`#-`), and the two calls cost
-- about a fifth of PostgreSQL's CPU per contact change (docs/benchmarks.md, "Writes", wt-f). The update triggers now
-- say so in their WHEN clauses, which PostgreSQL evaluates without calling the function. Inserts keep their triggers
-- (and names: the bulk loader disables trg_krr_population around its COPY); updates get triggers of their own, because
-- a WHEN clause can name OLD only in an update trigger. What each function does when called is unchanged.

DROP TRIGGER trg_krr_population ON krr_grain_state;

CREATE TRIGGER trg_krr_population
    AFTER INSERT ON krr_grain_state
    FOR EACH ROW WHEN (NEW.state_name IN ('person', 'resident'))
    EXECUTE FUNCTION krr_population_from_grain_state();

CREATE TRIGGER trg_krr_population_update
    AFTER UPDATE OF payload ON krr_grain_state
    FOR EACH ROW WHEN (NEW.state_name IN ('person', 'resident')
        AND OLD.payload -> 'Record' IS DISTINCT FROM NEW.payload -> 'Record')
    EXECUTE FUNCTION krr_population_from_grain_state();

DROP TRIGGER krr_person_change_feed ON krr_grain_state;

CREATE TRIGGER krr_person_change_feed
    AFTER INSERT ON krr_grain_state
    FOR EACH ROW WHEN (NEW.state_name = 'person')
    EXECUTE FUNCTION krr_record_person_change();

CREATE TRIGGER krr_person_change_feed_update
    AFTER UPDATE OF payload ON krr_grain_state
    FOR EACH ROW WHEN (NEW.state_name = 'person'
        AND OLD.payload -> 'Record' IS DISTINCT FROM NEW.payload -> 'Record')
    EXECUTE FUNCTION krr_record_person_change();
