using System.Text.Json.Nodes;
using Krr.Grains.Lookup;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Krr.Tests.Api;

/// <summary>
/// A silo past its memory threshold sheds person activations while lookups go on (docs/architecture.md, "Coalesced
/// state reads and activation lifetime"). This deployment's thresholds are almost nothing, so the silo is always past
/// them, as a silo at its memory limit is: it starts full GCs itself and sheds every idle activation after each,
/// through Orleans' own memory-pressure path.
/// </summary>
public sealed class ActivationSheddingTests(ActivationSheddingTests.SheddingDeployment deployment)
    : IClassFixture<ActivationSheddingTests.SheddingDeployment>
{
    private const string Scope = "krr:global/kontaktinformasjon.read";

    public sealed class SheddingDeployment : BackToBackLookupsDeployment
    {
        protected override void ConfigureServices(IServiceCollection services) =>
            services.PostConfigure<GrainCollectionOptions>(o => (o.MemoryUsageLimitPercentage, o.MemoryUsageTargetPercentage) = (0.002, 0.001));
    }

    [Fact]
    public async Task Lookups_answer_every_stored_record_while_the_silo_sheds_the_persons_they_activate()
    {
        var identifiers = Enumerable.Range(0, 300).Select(_ => TestIdentities.Next()).ToArray();
        await Task.WhenAll(identifiers.Select((id, i) => deployment.Grains.GetPerson(id).SetReservationAsync(i % 2 == 0)));
        var expected = await deployment.PersonsAsync("v2", identifiers, Scope);
        Assert.Equal(identifiers.Length, expected.Count(p => (string?)p!["status"] == "AKTIV"));
        var active = deployment.Services.GetRequiredService<ActivePersons>();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        using var stop = new CancellationTokenSource();
        var lookups = Task.Run(async () =>
        {
            var answered = 0;
            while (!stop.IsCancellationRequested)
            {
                var answer = await deployment.PersonsAsync("v2", identifiers, Scope);
                Assert.True(JsonNode.DeepEquals(expected, answer), "a lookup during shedding answered other records");
                answered++;
            }
            return answered;
        });
        // Three rounds of shedding while the lookups go on: they activate the persons again, the silo brings about a full
        // GC (nobody else need run one: FullCollectionUnderMemoryPressure), after which its memory poll sheds them. The
        // other tests' collections in this process shed too, so not all 300 need be active at once: a round is a fall
        // of a tenth of them from the highest count since the last round.
        var (rounds, peak) = (0, active.Count);
        while (rounds < 3 && !lookups.IsCompleted)
        {
            await Task.Delay(50, bound.Token);
            var now = active.Count;
            if (now <= peak - identifiers.Length / 10)
            {
                (rounds, peak) = (rounds + 1, now);
            }
            peak = Math.Max(peak, now);
        }
        await stop.CancelAsync();

        Assert.True(await lookups > 0);
        Assert.True(JsonNode.DeepEquals(expected, await deployment.PersonsAsync("v2", identifiers, Scope)));
    }
}
