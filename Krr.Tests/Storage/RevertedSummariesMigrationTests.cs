using Krr.Hosting.Database;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Krr.Tests.Storage;

/// <summary>
/// Databases may have applied the summary migrations 0042 and 0043 before they were reverted (git history, merge
/// bb69437). Migrating such a database to 0044 and 0045 leaves none of 0042's in-place triggers behind, keeps the
/// monthly figures 0043 kept, and gives summaries that equal the read model.
/// </summary>
public sealed class RevertedSummariesMigrationTests
{
    /// <summary>What 0042 and 0043 left in a database, by the names they used (their statement triggers updated shared rows in place).</summary>
    private const string Reverted =
        """
        CREATE TABLE krr_population_by_birth_date (birth_date date PRIMARY KEY, residents bigint NOT NULL, mailbox bigint NOT NULL, reserved bigint NOT NULL);
        CREATE TABLE krr_population_by_municipality (municipality char(4) PRIMARY KEY, residents bigint NOT NULL, reserved bigint NOT NULL);
        CREATE TABLE krr_population_by_confirmed_day (confirmed_day date PRIMARY KEY, persons bigint NOT NULL);
        CREATE INDEX ix_krr_population_notifiable ON krr_population (greatest(email_confirmed, mobile_confirmed)) WHERE krr_status = 0 AND NOT reserved;
        CREATE FUNCTION krr_population_confirmed_day(krr_status smallint, reserved boolean, email_confirmed timestamptz, mobile_confirmed timestamptz)
            RETURNS date LANGUAGE sql IMMUTABLE AS $f$ SELECT '-infinity'::date $f$;
        CREATE FUNCTION krr_population_summary_statements(changes text) RETURNS SETOF text LANGUAGE sql IMMUTABLE AS $f$ SELECT changes $f$;
        CREATE FUNCTION krr_population_summary_trigger() RETURNS trigger LANGUAGE plpgsql AS $f$
        BEGIN
            INSERT INTO krr_population_by_confirmed_day VALUES ('-infinity', 1) ON CONFLICT (confirmed_day) DO UPDATE SET persons = krr_population_by_confirmed_day.persons + 1;
            RETURN NULL;
        END $f$;
        CREATE TRIGGER trg_krr_population_summary_insert AFTER INSERT ON krr_population FOR EACH STATEMENT EXECUTE FUNCTION krr_population_summary_trigger();
        CREATE TRIGGER trg_krr_population_summary_update AFTER UPDATE ON krr_population FOR EACH STATEMENT EXECUTE FUNCTION krr_population_summary_trigger();
        CREATE TRIGGER trg_krr_population_summary_delete AFTER DELETE ON krr_population FOR EACH STATEMENT EXECUTE FUNCTION krr_population_summary_trigger();
        CREATE FUNCTION krr_population_summaries_rebuild() RETURNS void LANGUAGE sql AS $f$ SELECT $f$;
        CREATE TABLE krr_registered_month (month date PRIMARY KEY, registered bigint NOT NULL);
        CREATE FUNCTION krr_registered_month_snapshot(month_start date) RETURNS bigint LANGUAGE sql AS $f$ SELECT 0::bigint $f$;
        INSERT INTO krr_registered_month VALUES ('2026-10-01', 4711);
        INSERT INTO krr_schema_migrations (version, name) VALUES (42, 'population_summaries'), (43, 'registered_per_month');
        """;

    [Fact]
    public async Task A_database_that_applied_the_reverted_0042_and_0043_migrates_to_insert_only_summaries()
    {
        await using var database = await TestPostgres.CreateMigratedBeforeAsync(42);
        await TestPostgres.ExecuteAsync(database, Reverted);
        await TestPostgres.ExecuteAsync(database,
            "INSERT INTO krr_population (identifier, krr_status, reserved, birth_date, municipality, resident_status) VALUES ('01010112345', 0, true, '2001-01-01', '0301', 0), ('02020212345', NULL, false, '2002-02-02', '4601', 0)");

        await SchemaMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(["trg_krr_population_summary"], await SchemaMigrationTests.QueryLinesAsync(database, "SELECT tgname FROM pg_trigger WHERE tgrelid = 'krr_population'::regclass AND NOT tgisinternal"));
        Assert.Empty(await SchemaMigrationTests.QueryLinesAsync(database, "SELECT relname FROM pg_class WHERE relname = 'krr_population_by_confirmed_day'"));
        Assert.Equal(["2026-10-01 4711"], await SchemaMigrationTests.QueryLinesAsync(database, "SELECT month || ' ' || registered FROM krr_registered_month"));
        Assert.Equal(["2001-01-01 1 0 1", "2002-02-02 1 0 0"],
            await SchemaMigrationTests.QueryLinesAsync(database, "SELECT concat_ws(' ', birth_date, residents, mailbox, reserved) FROM krr_population_by_birth_date_current ORDER BY birth_date"));

        await TestPostgres.ExecuteAsync(database, "UPDATE krr_population SET reserved = false");
        Assert.Equal(["0301 1 0", "4601 1 0"], await SchemaMigrationTests.QueryLinesAsync(database,
            "SELECT concat_ws(' ', municipality, sum(residents), sum(reserved)) FROM krr_population_by_municipality_current GROUP BY municipality ORDER BY municipality"));
    }
}
