using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Krr.Grains.Persons;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;
using Npgsql;

namespace Krr.Tests.Statistics;

/// <summary>
/// Person writes never wait for one another on the read model's summaries (migration 0044): a transaction that
/// changed a person and stays open holds no row another person's write, the compactor or a reader needs, even
/// when both persons count in the same summary groups (same birth date, municipality and search key).
/// </summary>
public sealed class SummaryContentionTests(EmbeddedDeployment register) : IClassFixture<EmbeddedDeployment>
{
    /// <summary>Long enough for any unblocked write on a busy machine; a blocked one would wait for the open transaction forever.</summary>
    private static readonly TimeSpan Unblocked = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Another_persons_write_the_compactor_and_readers_complete_while_a_person_write_is_open()
    {
        var open = TestIdentities.Next();
        var other = TestIdentities.Next();
        await register.Grains.GetPerson(open).SetReservationAsync(false);
        await register.Grains.GetPerson(other).SetReservationAsync(false);
        await ResidentAsync(null, null, open);
        await ResidentAsync(null, null, other);
        await CompactAsync();
        var reservedBefore = await ReservedAsync();

        await using var connection = await register.Database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // What the storage provider does for a grain's write: the person's payload, reserved now.
        await using (var write = new NpgsqlCommand(
            """
            UPDATE krr_grain_state SET payload = jsonb_set(payload, '{Record,Reserved}', 'true'), version = version + 1
            WHERE state_name = 'person' AND grain_ext = $1
            """, connection, transaction))
        {
            write.Parameters.AddWithValue(PersonKey.For(open));
            Assert.Equal(1, await write.ExecuteNonQueryAsync());
        }
        await ResidentAsync(connection, transaction, open);

        // The other person: the same change through its grain, and its resident row the same again, both while that transaction is open.
        await register.Grains.GetPerson(other).SetReservationAsync(true).WaitAsync(Unblocked);
        await ResidentAsync(null, null, other).WaitAsync(Unblocked);
        await CompactAsync().WaitAsync(Unblocked);
        Assert.Equal(reservedBefore + 1, await ReservedAsync().WaitAsync(Unblocked));
        Assert.Equal(0, await WaitingOnLocksAsync());

        await transaction.CommitAsync();
        Assert.Equal(reservedBefore + 2, await ReservedAsync());
        await CompactAsync();
        Assert.Equal(reservedBefore + 2, await ReservedAsync());
    }

    /// <summary>Both persons are residents of one birth date and one municipality, so they share those summary groups.</summary>
    private async Task ResidentAsync(NpgsqlConnection? connection, NpgsqlTransaction? transaction, string identifier)
    {
        const string Sql = "SELECT krr_population_upsert_resident(jsonb_build_object('Identifier', $1::text, 'BirthDate', '1980-05-05', 'Municipality', '0301', 'Status', 0))";
        if (connection is null)
        {
            await using var own = register.Database.CreateCommand(Sql);
            own.Parameters.AddWithValue(identifier);
            await own.ExecuteNonQueryAsync();
            return;
        }
        await using var command = new NpgsqlCommand(Sql, connection, transaction);
        command.Parameters.AddWithValue(identifier);
        await command.ExecuteNonQueryAsync();
    }

    private async Task CompactAsync()
    {
        await using var command = register.Database.CreateCommand("SELECT krr_population_compact()");
        await command.ExecuteScalarAsync();
    }

    /// <summary>Reserved residents of Oslo, from the statistics endpoint, and the same from the search count.</summary>
    private async Task<long> ReservedAsync()
    {
        var area = (await register.Http.GetFromJsonAsync<JsonObject>("/statistikk/reservasjoner"))!;
        var oslo = (long)area["kommuner"]!.AsArray().Single(m => (string)m!["nummer"]! == "0301")!["reserverte"]!;
        var searched = (long)(await register.OperatorAsync(HttpMethod.Get, "/testdata/personer?reservasjon=JA&antall=1"))["treff"]!;
        Assert.Equal(oslo, searched);
        return oslo;
    }

    private async Task<long> WaitingOnLocksAsync()
    {
        await using var command = register.Database.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
