using Krr.Grains.Domain;
using Krr.Grains.Lookup;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Krr.Tests.Api;

/// <summary>
/// The silo's directory of active persons that lookups answer from: an activation enters it with its stored record
/// (or none), replaces it with every stored write before the write returns, and leaves it when deactivated.
/// </summary>
public sealed class ActivePersonsTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    private ActivePersons Directory => deployment.Services.GetRequiredService<ActivePersons>();

    [Fact]
    public async Task An_activation_publishes_no_record_then_each_stored_write_and_leaves_when_deactivated()
    {
        var identifier = TestIdentities.Next();
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
