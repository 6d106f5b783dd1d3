using Krr.Hosting.Database;
using Krr.Tests.Infrastructure;
using Npgsql;

namespace Krr.Tests.Storage;

/// <summary>
/// <see cref="KrrDataSource"/> on a real PostgreSQL: a connection returns to the pool without <c>DISCARD ALL</c>, so
/// the session (and its cached plans) outlives a checkout, while a transaction left open is still rolled back.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class KrrDataSourceTests(PostgresFixture postgres)
{
    [Fact]
    public async Task The_session_outlives_a_checkout_and_an_open_transaction_does_not()
    {
        await using var one = KrrDataSource.Create(
            new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { MaxPoolSize = 1, Pooling = true }.ConnectionString);
        var table = "krr_probe_" + Guid.NewGuid().ToString("N");
        await using (var connection = await one.OpenConnectionAsync())
        {
            await Execute(connection, $"CREATE TABLE {table} (n int)");
            await Execute(connection, "SELECT set_config('krr.probe', 'kept', false)");
            // Left open, not through NpgsqlTransaction, whose disposal would roll it back itself.
            await Execute(connection, $"BEGIN; INSERT INTO {table} VALUES (1)");
        }

        await using (var connection = await one.OpenConnectionAsync())
        {
            Assert.Equal("kept", await Scalar(connection, "SELECT current_setting('krr.probe', true)"));
            Assert.Equal(0L, await Scalar(connection, $"SELECT count(*) FROM {table}"));
            Assert.Equal(DBNull.Value, await Scalar(connection, "SELECT txid_current_if_assigned()"));
            await Execute(connection, $"DROP TABLE {table}");
        }
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
