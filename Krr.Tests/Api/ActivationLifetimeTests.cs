using Krr.Grains.Lookup;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Krr.Tests.Api;

/// <summary>
/// Lookups answered from <see cref="ActivePersons"/> send the person no message, yet keep it active: the lookup grain
/// tells it it is still used once per half of its collection age, while a person nobody looks up is collected
/// (docs/architecture.md, "Coalesced state reads and activation lifetime").
/// </summary>
public sealed class ActivationLifetimeTests(ActivationLifetimeTests.ShortLivedDeployment deployment)
    : IClassFixture<ActivationLifetimeTests.ShortLivedDeployment>
{
    private const string Scope = "krr:global/kontaktinformasjon.read";

    public sealed class ShortLivedDeployment : BackToBackLookupsDeployment
    {
        // Persons idle for 4 s are collected, so lookups tell a looked-up person every 2 s that it is still used.
        protected override void ConfigureServices(IServiceCollection services) =>
            services.PostConfigure<GrainCollectionOptions>(o =>
            {
                o.CollectionQuantum = TimeSpan.FromSeconds(1);
                o.ClassSpecificCollectionAge[typeof(PersonGrain).FullName!] = TimeSpan.FromSeconds(4);
            });
    }

    [Fact]
    public async Task A_person_looked_up_from_the_directory_stays_active_while_one_left_alone_is_collected()
    {
        var used = TestIdentities.Next();
        var idle = TestIdentities.Next();
        await deployment.Grains.GetPerson(used).SetReservationAsync(false);
        await deployment.Grains.GetPerson(idle).SetReservationAsync(false);
        var active = deployment.Services.GetRequiredService<ActivePersons>();
        Assert.True(active.TryGet(used, out var activation));
        Assert.True(active.TryGet(idle, out _));

        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var lookups = 0;
        while (active.TryGet(idle, out _))
        {
            await deployment.PersonsAsync("v2", [used], Scope);
            lookups++;
            await Task.Delay(100, bound.Token);
        }

        // The same activation throughout: never collected, never activated again.
        Assert.True(active.TryGet(used, out var after));
        Assert.Same(activation, after);
        Assert.True(lookups > 20, $"only {lookups} lookups before the idle person was collected");
    }
}
