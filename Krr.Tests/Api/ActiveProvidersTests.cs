using Krr.Grains.Lookup;
using Krr.Grains.MailboxProviders;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core.Internal;

namespace Krr.Tests.Api;

/// <summary>
/// The silo's directory of active mailbox providers that lookups take certificates from: an activation enters it with
/// its stored certificate, replaces it with every stored one before the write returns, and leaves it when deactivated,
/// after which the lookup calls the provider (docs/architecture.md, "Certificates from the silo's directory").
/// </summary>
public sealed class ActiveProvidersTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    private ActiveProviders Directory => deployment.Services.GetRequiredService<ActiveProviders>();

    [Fact]
    public async Task The_lookup_grain_answers_the_certificate_the_provider_stored_last_from_its_entry_or_a_call()
    {
        var provider = $"9{Random.Shared.Next(10_000_000, 100_000_000)}";
        var (person, withoutMailbox) = (TestIdentities.Next(), TestIdentities.Next());
        await deployment.Grains.GetPerson(person).SetDigitalMailboxAsync(new DigitalMailboxRecord("directory#digipost", provider));
        await deployment.Grains.GetPerson(withoutMailbox).SetReservationAsync(false);
        var lookup = deployment.Grains.GetGrain<ILookupGrain>(0);

        // A provider with no certificate is answered as one: null, not left out (the API would ask it again).
        var first = await lookup.LookupAsync([person, withoutMailbox], [], true);
        Assert.Equal(new Dictionary<string, string?> { [provider] = null }, first.Certificates);
        Assert.True(Directory.TryGet(provider, out var entry));
        Assert.Null(entry.Certificate);

        await deployment.Grains.GetMailboxProvider(provider).SetCertificateAsync("Zmlyc3Q=");
        Assert.Equal("Zmlyc3Q=", entry.Certificate);
        // Also for a caller that holds the person's current record: the silo sees the provider it names.
        var held = await lookup.LookupAsync([person], [first.Records[0]!.Version], true);
        Assert.Null(held.Records[0]);
        Assert.Equal("Zmlyc3Q=", held.Certificates[provider]);
        Assert.Empty((await lookup.LookupAsync([person], [], false)).Certificates);

        // Replaced: the next lookup has the new one.
        await deployment.Grains.GetMailboxProvider(provider).SetCertificateAsync("c2Vjb25k");
        Assert.Equal("c2Vjb25k", (await lookup.LookupAsync([person], [], true)).Certificates[provider]);

        // Deactivated, it leaves the directory; the next lookup calls it, which activates it here again.
        await deployment.Grains.GetMailboxProvider(provider).AsReference<IGrainManagementExtension>().DeactivateOnIdle();
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Directory.TryGet(provider, out _) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }
        Assert.False(Directory.TryGet(provider, out _));
        Assert.Equal("c2Vjb25k", (await lookup.LookupAsync([person], [], true)).Certificates[provider]);
        Assert.True(Directory.TryGet(provider, out var again));
        Assert.NotSame(entry, again);
        Assert.Equal("c2Vjb25k", again.Certificate);
    }

    [Fact]
    public void A_leftover_entry_never_removes_a_later_activations_entry()
    {
        var directory = new ActiveProviders();
        var earlier = directory.Register("912345678", "b2xk");
        var later = directory.Register("912345678", "bmV3");

        directory.Remove("912345678", earlier);

        Assert.True(directory.TryGet("912345678", out var entry));
        Assert.Same(later, entry);
        directory.Remove("912345678", later);
        Assert.False(directory.TryGet("912345678", out _));
    }
}
