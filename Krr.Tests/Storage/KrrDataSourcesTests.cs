using Krr.Hosting.Database;
using Krr.Tests.Infrastructure;
using Npgsql;

namespace Krr.Tests.Storage;

/// <summary>
/// <see cref="KrrDataSources"/> on the run's PostgreSQL: a statement sent again and again is prepared on its connection,
/// and stays prepared (with the session's plans) when the connection goes back to the pool and out again; and the pool
/// sends no reset when a connection goes back (what a session set survives the next checkout), yet still rolls back a
/// transaction left open.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class KrrDataSourcesTests(PostgresFixture postgres)
{
    private const string Repeated = "SELECT count(*) FROM krr_grain_state WHERE service_id = $1";

    [Fact]
    public async Task A_repeated_statement_stays_prepared_across_checkouts_of_its_connection()
    {
        var oneConnection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { MaxPoolSize = 1 }.ConnectionString;
        await using var dataSource = KrrDataSources.Create(oneConnection);
        for (var i = 0; i < 10; i++)
        {
            await using var command = dataSource.CreateCommand(Repeated);
            command.Parameters.Add(new NpgsqlParameter { Value = "prepared-probe" });
            Assert.Equal(0L, await command.ExecuteScalarAsync());
        }

        // The same (only) physical connection, checked out again: its prepared statement survived the pool's reset.
        await using var check = dataSource.CreateCommand("SELECT count(*) FROM pg_prepared_statements WHERE statement = $1");
        check.Parameters.Add(new NpgsqlParameter { Value = Repeated });
        Assert.Equal(1L, await check.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_connection_goes_back_to_the_pool_without_a_reset_but_not_inside_a_transaction()
    {
        var oneConnection = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { MaxPoolSize = 1 }.ConnectionString;
        await using var dataSource = KrrDataSources.Create(oneConnection);
        await using (var connection = await dataSource.OpenConnectionAsync())
        {
            await using var set = new NpgsqlCommand("SELECT set_config('krr.reset_probe', 'kept', false)", connection);
            await set.ExecuteNonQueryAsync();
            // Left open as the connection closes (no NpgsqlTransaction to roll it back on dispose).
            await using var begin = new NpgsqlCommand("BEGIN; CREATE TABLE krr_reset_probe (id int)", connection);
            await begin.ExecuteNonQueryAsync();
        }

        // The same (only) physical connection: no RESET ALL ran before this command, and the open transaction was rolled back.
        await using var check = dataSource.CreateCommand("SELECT current_setting('krr.reset_probe', true), to_regclass('krr_reset_probe') IS NULL");
        await using var reader = await check.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("kept", reader.GetString(0));
        Assert.True(reader.GetBoolean(1));
    }

    [Fact]
    public void A_connection_string_that_sets_the_reset_on_close_keeps_its_own_setting()
    {
        Assert.True(new NpgsqlConnectionStringBuilder(KrrDataSources.WithDefaults("Host=db;Username=krr")).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(KrrDataSources.WithDefaults("Host=db;Username=krr;No Reset On Close=false")).NoResetOnClose);
        Assert.False(new NpgsqlConnectionStringBuilder(KrrDataSources.WithDefaults("Host=db;Username=krr;noresetonclose=false")).NoResetOnClose);
    }

    [Fact]
    public void A_connection_string_that_sets_automatic_preparation_keeps_its_own_setting()
    {
        Assert.Equal(KrrDataSources.MaxAutoPrepare, new NpgsqlConnectionStringBuilder(KrrDataSources.WithDefaults("Host=db;Username=krr")).MaxAutoPrepare);
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(KrrDataSources.WithDefaults("Host=db;Username=krr;Max Auto Prepare=0")).MaxAutoPrepare);
        Assert.Equal(5, new NpgsqlConnectionStringBuilder(KrrDataSources.WithDefaults("Host=db;Username=krr;maxautoprepare=5")).MaxAutoPrepare);
    }
}
