using Krr.Grains;
using Krr.Grains.Contacts;
using Krr.Grains.Persons;
using Krr.Grains.Reverification;
using Microsoft.Extensions.DependencyInjection;

namespace Krr.Tests.Storage;

/// <summary>
/// <see cref="StringKeyedGrains{TGrain}"/> resolves a grain factory's grain and interface types once: every later
/// reference must be the one Orleans' own <c>GetGrain&lt;T&gt;(string)</c> makes, from the client and from a silo.
/// </summary>
public sealed class StringKeyedGrainsTests(KrrClusterFixture fixture) : IClassFixture<KrrClusterFixture>
{
    [Fact]
    public void References_equal_Orleans_own_for_every_key_and_factory()
    {
        IGrainFactory[] factories = [fixture.Cluster.Client, fixture.Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>()];
        foreach (var grains in factories)
        {
            foreach (var key in new[] { "person:01017012345", "person:02027012345", "person:03037012345" })
            {
                AssertSame(grains.GetGrain<IPersonGrain>(key), StringKeyedGrains<IPersonGrain>.Get(grains, key));
            }
            AssertSame(grains.GetGrain<IContactOwnersGrain>("mobil:+4799999999"), grains.GetContactOwners(ContactChannel.Mobile, "+4799999999"));
            AssertSame(grains.GetGrain<IContactOwnersGrain>("epost:a@b.no"), grains.GetContactOwners(ContactChannel.Email, "a@b.no"));
            var day = new DateOnly(2028, 3, 4);
            AssertSame(grains.GetGrain<IDueDayGrain>("due:2028-03-04"), grains.GetDueDay(day));
        }
    }

    [Fact]
    public async Task Calls_through_them_reach_the_grain()
    {
        var grains = fixture.Cluster.Client;
        var value = $"+4790{Random.Shared.Next(1_000_000):D6}";
        // Each reference after the factory's first uses the resolved types.
        await grains.GetContactOwners(ContactChannel.Mobile, value).AddOwnerAsync("05057012345");
        await grains.GetContactOwners(ContactChannel.Mobile, value).AddOwnerAsync("06067012345");

        var owners = await grains.GetGrain<IContactOwnersGrain>(ContactKey.For(ContactChannel.Mobile, value)).OwnersAsync();

        Assert.Equal(["05057012345", "06067012345"], owners.Order());
    }

    private static void AssertSame<TGrain>(TGrain expected, TGrain actual) where TGrain : IGrainWithStringKey
    {
        var (e, a) = ((GrainReference)(object)expected, (GrainReference)(object)actual);
        Assert.Equal(e.GrainId, a.GrainId);
        Assert.Equal(e.InterfaceType, a.InterfaceType);
        Assert.IsAssignableFrom<TGrain>(actual);
    }
}
