using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Krr.Grains.Statistics;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Population;

/// <summary>
/// The population features end to end over HTTP on both hosting shapes: Folkeregisteret events through the ingestion
/// endpoint and test persons through the test data API reach the statistics and the search (summaries and their
/// compaction included, which in the cluster shape run in the Krr.Silo processes). Each check compares with the
/// figures just before, so the tests of one class share a register.
/// </summary>
public abstract class PopulationShapeTests(KrrDeployment deployment)
{
    private const string Bergen = "4601";
    private const string Trondheim = "5001";

    [Fact]
    public async Task Folkeregister_events_reach_the_statistics_and_the_search_and_a_replay_changes_nothing()
    {
        var born = Enumerable.Range(0, 3).Select(_ => TestIdentities.Next()).ToArray();
        var sequence = Random.Shared.NextInt64(1, long.MaxValue / 2);
        object[] events =
        [
            .. born.Select((id, i) => new { sekvensnummer = sequence + i, hendelse = "FOEDSEL", personidentifikator = id, kommunenummer = Bergen }),
            new { sekvensnummer = sequence + 3, hendelse = "FLYTTING", personidentifikator = born[0], kommunenummer = Trondheim },
        ];
        var before = await FiguresAsync();

        var applied = await deployment.OperatorAsync(HttpMethod.Post, "/folkeregister/hendelser", new { hendelser = events });
        Assert.Equal(4, (int)applied["anvendt"]!);
        var after = await FiguresAsync();
        Assert.Equal(before.Residents(Bergen) + 2, after.Residents(Bergen));
        Assert.Equal(before.Residents(Trondheim) + 1, after.Residents(Trondheim));
        Assert.Equal(before.Unregistered + 3, after.Unregistered);

        var replayed = await deployment.OperatorAsync(HttpMethod.Post, "/folkeregister/hendelser", new { hendelser = events });
        Assert.Equal(0, (int)replayed["anvendt"]!);
        Assert.Equal(after, await FiguresAsync());

        await deployment.OperatorAsync(HttpMethod.Post, "/folkeregister/hendelser", new
        {
            hendelser = new[] { new { sekvensnummer = sequence + 4, hendelse = "DOEDSFALL", personidentifikator = born[1] } },
        });
        Assert.Equal(after.Residents(Bergen) - 1, (await FiguresAsync()).Residents(Bergen));
    }

    [Fact]
    public async Task A_test_person_created_through_the_API_is_counted_in_every_figure_and_downloaded()
    {
        var before = await FiguresAsync();

        var created = (string)(await deployment.OperatorAsync(HttpMethod.Post, "/testdata/personer",
            new { foedselsdato = "1984-02-29", kommunenummer = Trondheim, reservasjon = "JA", spraak = "se" }))["personidentifikator"]!;

        var after = await FiguresAsync();
        var group = AgeGroup.Of(AgeGroup.AgeOn(new DateOnly(1984, 2, 29), DateOnly.FromDateTime(DateTime.UtcNow)))!.Label;
        Assert.Equal(before.AgeGroups[group] + 1, after.AgeGroups[group]);
        Assert.Equal(before.Reserved(Trondheim) + 1, after.Reserved(Trondheim));
        Assert.Equal(before.ReservedFound + 1, after.ReservedFound);
        Assert.Equal(before.Registered + 1, after.Registered);
        var csv = await deployment.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/testdata/personer.csv?reservasjon=JA&spraak=se")
        {
            Headers = { Authorization = new("Bearer", deployment.Tokens.Agency("991825827", "krr:operator/admin")) },
        });
        Assert.Contains($"\n{created},AKTIV,KAN_IKKE_VARSLES,se,JA,NEI,NEI", await csv.Content.ReadAsStringAsync());
    }

    private async Task<Figures> FiguresAsync()
    {
        var area = (await deployment.Http.GetFromJsonAsync<JsonObject>("/statistikk/reservasjoner"))!["kommuner"]!.AsArray()
            .ToDictionary(m => (string)m!["nummer"]!, m => ((long)m!["innbyggere"]!, (long)m["reserverte"]!));
        var ages = (await deployment.Http.GetFromJsonAsync<JsonArray>("/statistikk/alder"))!
            .ToDictionary(r => (string)r!["aldersgruppe"]!, r => (long)r!["innbyggere"]!);
        var registered = (long)(await deployment.Http.GetFromJsonAsync<JsonObject>($"/statistikk/nokkeltall?maaned={DateTime.UtcNow:yyyy-MM}"))!["registrerte"]!;
        return new Figures(area, ages, registered, await HitsAsync("status=IKKE_REGISTRERT"), await HitsAsync("reservasjon=JA"));
    }

    private async Task<long> HitsAsync(string query) =>
        (long)(await deployment.OperatorAsync(HttpMethod.Get, $"/testdata/personer?{query}&antall=1"))["treff"]!;

    private sealed record Figures(
        Dictionary<string, (long Residents, long Reserved)> Area, Dictionary<string, long> AgeGroups, long Registered, long Unregistered, long ReservedFound)
    {
        public long Residents(string municipality) => Area.GetValueOrDefault(municipality).Residents;

        public long Reserved(string municipality) => Area.GetValueOrDefault(municipality).Reserved;

        public bool Equals(Figures? other) =>
            other is not null && Area.OrderBy(a => a.Key).SequenceEqual(other.Area.OrderBy(a => a.Key))
            && AgeGroups.OrderBy(a => a.Key).SequenceEqual(other.AgeGroups.OrderBy(a => a.Key))
            && (Registered, Unregistered, ReservedFound) == (other.Registered, other.Unregistered, other.ReservedFound);

        public override int GetHashCode() => HashCode.Combine(Registered, Unregistered, ReservedFound);
    }
}

public sealed class EmbeddedPopulationShapeTests(EmbeddedDeployment deployment) : PopulationShapeTests(deployment), IClassFixture<EmbeddedDeployment>;

public sealed class ClusterPopulationShapeTests(ClusterDeployment deployment) : PopulationShapeTests(deployment), IClassFixture<ClusterDeployment>;
