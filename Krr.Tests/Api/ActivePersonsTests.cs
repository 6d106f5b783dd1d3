using System.Collections.Immutable;
using Krr.Grains.Domain;
using Krr.Grains.Lookup;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Krr.Tests.Api;

/// <summary>
/// The silo's directory of active persons that lookups answer from: an activation enters it with its stored record
/// (or none), replaces it with every stored write before the write returns, and leaves it when deactivated; each
/// publication has a version no other has, so a lookup sends a record only to a caller that does not hold it.
/// </summary>
public sealed class ActivePersonsTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    private ActivePersons Directory => deployment.Services.GetRequiredService<ActivePersons>();

    [Fact]
    public async Task An_activation_publishes_no_record_then_each_stored_write_and_leaves_when_deactivated()
    {
        var identifier = TestIdentities.Next();
        Assert.False(Directory.TryGet(identifier, out _));

        // The first lookup reads the stored state without an activation; the second within the collection age activates.
        await deployment.PersonsAsync("v2", [identifier], "krr:global/kontaktinformasjon.read");
        Assert.False(Directory.TryGet(identifier, out _));
        await deployment.PersonsAsync("v2", [identifier], "krr:global/kontaktinformasjon.read");
        Assert.True(Directory.TryGet(identifier, out var unknown));
        Assert.Null(unknown.Record);

        var email = TestIdentities.Email();
        var stored = await deployment.Grains.GetPerson(identifier)
            .SetContactAsync(ContactChannel.Email, new ContactValue(email, EmailAddress.Parse(email).Normalized));
        Assert.True(Directory.TryGet(identifier, out var active));
        Assert.Same(unknown, active);
        Assert.Equal(stored, active.Record);

        await deployment.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.False(Directory.TryGet(identifier, out _));
    }

    [Fact]
    public void Every_publication_has_a_version_of_its_own_across_activations_and_silos()
    {
        var identifier = TestIdentities.Next();
        var silo = new ActivePersons();
        var entry = silo.Register(identifier, null);
        var seen = new HashSet<RecordVersion> { entry.Published.Version };

        silo.Publish(entry, null);
        Assert.Single(seen, entry.Published.Version);
        var record = new PersonRecord { Identifier = identifier, Updated = DateTimeOffset.UtcNow };
        silo.Publish(entry, record);
        Assert.True(seen.Add(entry.Published.Version));
        var kept = entry.Published;
        silo.Publish(entry, record);
        Assert.Same(kept, entry.Published);
        // An equal record is still another publication: the version names instances, never compares contents.
        silo.Publish(entry, record with { });
        Assert.True(seen.Add(entry.Published.Version));

        // A later activation here, and activations on other silos (or this silo after a restart), never repeat one.
        Assert.True(seen.Add(silo.Register(identifier, record).Published.Version));
        for (var i = 0; i < 3; i++)
        {
            var other = new ActivePersons().Register(identifier, record);
            Assert.True(seen.Add(other.Published.Version));
            Assert.DoesNotContain(default, seen);
        }
    }

    [Fact]
    public async Task The_lookup_grain_sends_a_record_only_to_a_caller_that_does_not_hold_its_current_version()
    {
        var (reserved, other) = (TestIdentities.Next(), TestIdentities.Next());
        ImmutableArray<string> identifiers = [reserved, other];
        await deployment.Grains.GetPerson(reserved).SetReservationAsync(true);
        await deployment.Grains.GetPerson(other).SetReservationAsync(false);
        var lookup = deployment.Grains.GetGrain<ILookupGrain>(0);

        var first = (await lookup.LookupAsync(identifiers, [], false)).Records;
        Assert.All(first, answer => Assert.NotNull(answer?.Record));
        ImmutableArray<RecordVersion> held = [.. first.Select(a => a!.Version)];
        Assert.All((await lookup.LookupAsync(identifiers, held, false)).Records, Assert.Null);

        var written = await deployment.Grains.GetPerson(reserved).SetReservationAsync(false);
        var afterWrite = (await lookup.LookupAsync(identifiers, held, false)).Records;
        Assert.Equal(written, afterWrite[0]!.Record);
        Assert.Null(afterWrite[1]);

        // A new activation, or a read of the stored state without one, publishes anew: what the caller held is sent again.
        await deployment.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var reactivated = (await lookup.LookupAsync(identifiers, [afterWrite[0]!.Version, held[1]], false)).Records;
        Assert.Equal(written, reactivated[0]!.Record);
        Assert.Equal(first[1]!.Record, reactivated[1]!.Record);
        Assert.DoesNotContain(reactivated[0]!.Version, new[] { held[0], afterWrite[0]!.Version });

        await Assert.ThrowsAsync<ArgumentException>(() => lookup.LookupAsync(identifiers, [held[0]], false));
    }

    [Fact]
    public void A_leftover_entry_never_removes_a_later_activations_entry()
    {
        var identifier = TestIdentities.Next();
        var directory = new ActivePersons();
        var earlier = directory.Register(identifier, null);
        var later = directory.Register(identifier, null);

        directory.Remove(identifier, earlier);

        Assert.True(directory.TryGet(identifier, out var entry));
        Assert.Same(later, entry);
    }
}
