using Krr.Hosting.Database;
using Krr.Tests.Infrastructure;
using Npgsql;

namespace Krr.Tests.Storage;

/// <summary>
/// <see cref="KrrDataSources"/> on the run's PostgreSQL: a statement sent again and again is prepared on its connection,
/// and stays prepared (with the session's plans) when the connection goes back to the pool and out again.
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
    public void A_connection_string_that_sets_automatic_preparation_keeps_its_own_setting()
    {
        Assert.Equal(KrrDataSources.MaxAutoPrepare, new NpgsqlConnectionStringBuilder(KrrDataSources.WithDefaults("Host=db;Username=krr")).MaxAutoPrepare);
        Assert.Equal(0, new NpgsqlConnectionStringBuilder(KrrDataSources.WithDefaults("Host=db;Username=krr;Max Auto Prepare=0")).MaxAutoPrepare);
        Assert.Equal(5, new NpgsqlConnectionStringBuilder(KrrDataSources.WithDefaults("Host=db;Username=krr;maxautoprepare=5")).MaxAutoPrepare);
    }
}
