using Krr.Grains;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static Krr.Tests.Reverification.ReverificationClusterTests;

namespace Krr.Tests.Population;

/// <summary>
/// A bulk-loaded person's rows are the ones its grain would write: its first change through the grain (whose first state
/// write leaves the record as loaded, the claim of the new value) is one change in the feed, not two.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BulkLoadedFirstWriteTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_first_change_of_a_bulk_loaded_person_is_one_change_in_the_feed()
    {
        await using var loaded = await BulkLoadedPopulation.LoadAsync(postgres, 200, T0, "bulk");
        var (db, serviceId, population) = (loaded.Database, loaded.ServiceId, loaded.Residents);
        var persons = population.Where(p => p.Person is { Status: PersonStatus.Active, Email: not null }).Take(3).Select(p => p.Person!).ToList();
        Assert.Equal(3, persons.Count);

        await using var cluster = await StartClusterAsync(db, new RegisterClock(new FakeTimeProvider(T0)), serviceId);
        foreach (var person in persons)
        {
            var email = TestIdentities.Email();
            var before = await ChangesAsync(db, person.Identifier);
            var stored = await cluster.Client.GetPerson(person.Identifier).SetContactAsync(ContactChannel.Email, new ContactValue(email, email));
            Assert.Equal(email, stored!.Email!.Value);

            var after = await ChangesAsync(db, person.Identifier);
            Assert.Equal(before + 1, after);
            await using var last = db.CreateCommand(
                "SELECT record -> 'Email' ->> 'Value' FROM krr_person_change WHERE record ->> 'Identifier' = $1 ORDER BY recorded DESC LIMIT 1");
            last.Parameters.Add(new NpgsqlParameter { Value = person.Identifier });
            Assert.Equal(email, await last.ExecuteScalarAsync());
        }
    }

    private static async Task<long> ChangesAsync(NpgsqlDataSource db, string identifier)
    {
        await using var count = db.CreateCommand("SELECT count(*) FROM krr_person_change WHERE record ->> 'Identifier' = $1");
        count.Parameters.Add(new NpgsqlParameter { Value = identifier });
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
