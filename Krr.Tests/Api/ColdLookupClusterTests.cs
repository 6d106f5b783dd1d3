using Krr.Grains;
using Krr.Grains.Domain;
using Krr.Grains.Lookup;
using Krr.Grains.Persons;
using Krr.Hosting.Database;
using Krr.Hosting.Storage;
using Krr.Tests.Infrastructure;
using Krr.Tests.Reverification;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace Krr.Tests.Api;

/// <summary>
/// Read-your-writes for lookups answered from storage without an activation, on a 2-silo cluster: a person written
/// through its grain, active on one silo, looked up through the other silo's lookup grain (which reads its stored state
/// directly, the person being active elsewhere) gets the written record and the co-owner's flag, also when many writes
/// and cold lookups run at once (docs/architecture.md, "Cold lookups without activation").
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ColdLookupClusterTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_write_then_a_cold_lookup_on_the_silo_without_the_person_sees_the_write_and_the_flag()
    {
        await using var db = await postgres.CreateFreshDatabaseAsync();
        await SchemaMigrator.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);
        await using var cluster = await ReverificationClusterTests.StartClusterAsync(db, new RegisterClock(TimeProvider.System));

        // One after the other, each lookup proven to read storage on the silo where the person is not active.
        for (var round = 0; round < 6; round++)
        {
            var (owner, coOwner) = (TestIdentities.Next(), TestIdentities.Next());
            var mobile = MobileNumber.Parse(TestIdentities.Mobile()).E164;
            var value = new ContactValue(mobile, mobile);
            var written = await cluster.Client.GetPerson(owner).SetContactAsync(ContactChannel.Mobile, value);
            Assert.Equal(written, await ColdLookupAsync(cluster, owner));

            // The co-owner's write flips the owner's flag, stored by the owner's grain before the write returns.
            await cluster.Client.GetPerson(coOwner).SetContactAsync(ContactChannel.Mobile, value);
            var flagged = await cluster.Client.GetPerson(owner).GetAsync();
            Assert.True(flagged!.Mobile!.Duplicated);
            Assert.Equal(flagged, await ColdLookupAsync(cluster, owner, again: true));
            Assert.True((await ColdLookupAsync(cluster, coOwner))!.Mobile!.Duplicated);
        }

        // At once: writes and cold lookups of many persons share the coalesced writes' and reads' batches.
        var persons = Enumerable.Range(0, 60).Select(_ => TestIdentities.Next()).ToList();
        await Task.WhenAll(persons.Select(async person =>
        {
            var email = TestIdentities.Email();
            var record = await cluster.Client.GetPerson(person).SetContactAsync(ContactChannel.Email, new ContactValue(email, EmailAddress.Parse(email).Normalized));
            var silo = SiloWithout(cluster, person);
            var answer = (await Lookup(silo).LookupAsync([person], [], false)).Records;
            Assert.Equal(record, answer[0]!.Record);
        }));
    }

    /// <summary>
    /// Looks <paramref name="person"/> up through the lookup grain of a silo where it is not active, asserting that
    /// the answer came from storage (a read query there, no activation) unless <paramref name="again"/> (a second
    /// lookup within the collection age, which calls the grain where it lives).
    /// </summary>
    private static async Task<PersonRecord?> ColdLookupAsync(InProcessTestCluster cluster, string person, bool again = false)
    {
        var silo = SiloWithout(cluster, person);
        var reads = silo.ServiceProvider.GetRequiredService<GrainStateReadBatcher>();
        var before = reads.Queries;
        var answer = (await Lookup(silo).LookupAsync([person], [], false)).Records;
        Assert.False(silo.ServiceProvider.GetRequiredService<ActivePersons>().TryGet(person, out _));
        if (!again)
        {
            Assert.True(reads.Queries > before, "the lookup read no stored state");
        }
        return answer[0]!.Record;
    }

    private static ILookupGrain Lookup(InProcessSiloHandle silo) =>
        silo.ServiceProvider.GetRequiredService<IGrainFactory>().GetGrain<ILookupGrain>(0);

    /// <summary>The silo the person is not active on (it is active on the other one, after a write through its grain).</summary>
    private static InProcessSiloHandle SiloWithout(InProcessTestCluster cluster, string person)
    {
        var host = Assert.Single(cluster.Silos, s => s.ServiceProvider.GetRequiredService<ActivePersons>().TryGet(person, out _));
        return cluster.Silos.Single(s => s != host);
    }
}
