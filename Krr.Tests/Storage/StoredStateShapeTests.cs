using Krr.Grains.Contacts;
using Krr.Grains.Persons;
using Krr.Hosting.Population;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;
using Npgsql;

namespace Krr.Tests.Storage;

/// <summary>
/// Person and contact owner states are held in memory in leaner types than they were stored from (an immutable array
/// for the unsettled values and the owners, shared strings): rows the earlier types wrote still load, and what is
/// written back is the same JSON shape.
/// </summary>
public sealed class StoredStateShapeTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    [Fact]
    public async Task A_person_row_written_with_an_unsettled_value_loads_and_settles_to_an_empty_array()
    {
        var identifier = TestIdentities.Next();
        var email = TestIdentities.Email();
        var mobile = TestIdentities.Mobile();
        await InsertAsync(PersonKey.For(identifier), "person", $$"""
            {"Record":{"Identifier":"{{identifier}}","Status":0,"Reserved":false,"ReservedAt":null,
             "ReservationUpdated":"2025-03-01T08:00:00+00:00",
             "Email":{"Value":"{{email}}","Normalized":"{{email}}","Updated":"2025-03-01T08:00:00+00:00",
                      "LastVerified":"2025-03-01T08:00:00+00:00","LastValidated":null,"Duplicated":false,"ExpiredAt":null},
             "Mobile":{"Value":"{{mobile}}","Normalized":"{{mobile}}","Updated":"2025-03-01T09:00:00+00:00",
                       "LastVerified":null,"LastValidated":"2025-03-01T09:00:00+00:00","Duplicated":false,"ExpiredAt":null},
             "Mailbox":null,"Language":"nb","LanguageUpdated":"2025-03-01T08:00:00+00:00","Updated":"2025-03-01T09:00:00+00:00"},
             "Unsettled":[{"Channel":1,"Normalized":"{{mobile}}"}]}
            """);

        var person = deployment.Grains.GetPerson(identifier);
        var record = await person.GetAsync();
        Assert.NotNull(record);
        Assert.Equal(email, record.Email!.Value);
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero), record.Mobile!.LastValidated);
        Assert.Equal("nb", record.Language);

        // The stored unsettled mobile is settled: its owner set names the person, and the row's list is empty again.
        await person.SettleAsync();
        Assert.Equal([identifier], (await deployment.Grains.GetContactOwners(ContactChannel.Mobile, mobile).OwnersAsync()).ToArray());
        Assert.Equal("[]", await PayloadAsync(PersonKey.For(identifier), "person", "Unsettled"));
    }

    [Fact]
    public async Task A_contact_owner_set_written_as_a_set_loads_and_is_written_back_as_an_array()
    {
        var (first, second, third) = (TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Next());
        var value = TestIdentities.Email();
        var key = ContactKey.For(ContactChannel.Email, value);
        await InsertAsync(key, "contactOwners", $$"""{"Owners":["{{first}}","{{second}}"]}""");
        var owners = deployment.Grains.GetContactOwners(ContactChannel.Email, value);

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), (await owners.OwnersAsync()).Order(StringComparer.Ordinal));
        Assert.True(await owners.HasOtherOwnersAsync(first));

        var removed = await owners.RemoveOwnerAsync(first);
        Assert.False(removed.Shared);
        Assert.Equal([second], removed.OwnersToNotify.ToArray());
        Assert.Equal($"[\"{second}\"]", await PayloadAsync(key, "contactOwners", "Owners"));

        var again = await owners.RemoveOwnerAsync(first);
        Assert.Equal((false, 0), (again.Shared, again.OwnersToNotify.Length));

        var added = await owners.AddOwnerAsync(third);
        Assert.True(added.Shared);
        Assert.Equal([second], added.OwnersToNotify.ToArray());
        var twice = await owners.AddOwnerAsync(third);
        Assert.Equal((true, 0), (twice.Shared, twice.OwnersToNotify.Length));
        Assert.Equal($"[\"{second}\", \"{third}\"]", await PayloadAsync(key, "contactOwners", "Owners"));
    }

    private async Task InsertAsync(string grainKey, string stateName, string payload)
    {
        var key = GrainStateKey.ForStringKey(grainKey, stateName);
        await using var insert = deployment.Database.CreateCommand(
            """
            INSERT INTO krr_grain_state (service_id, state_name, grain_n0, grain_n1, grain_ext, grain_hash, state_hash, payload, version, modified_on)
            VALUES ('krr', $1, 0, 0, $2, $3, $4, $5::jsonb, 1, now())
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = stateName });
        insert.Parameters.Add(new NpgsqlParameter { Value = key.Extension });
        insert.Parameters.Add(new NpgsqlParameter { Value = key.GrainHash });
        insert.Parameters.Add(new NpgsqlParameter { Value = key.StateHash });
        insert.Parameters.Add(new NpgsqlParameter { Value = payload });
        Assert.Equal(1, await insert.ExecuteNonQueryAsync());
    }

    private async Task<string?> PayloadAsync(string grainKey, string stateName, string field)
    {
        await using var select = deployment.Database.CreateCommand(
            "SELECT (payload -> $3)::text FROM krr_grain_state WHERE service_id = 'krr' AND state_name = $1 AND grain_ext = $2");
        select.Parameters.Add(new NpgsqlParameter { Value = stateName });
        select.Parameters.Add(new NpgsqlParameter { Value = grainKey });
        select.Parameters.Add(new NpgsqlParameter { Value = field });
        return (string?)await select.ExecuteScalarAsync();
    }
}
