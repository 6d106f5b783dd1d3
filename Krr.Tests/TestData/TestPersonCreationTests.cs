using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Krr.Api.TestData;
using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Grains.Population;
using Krr.Tests.Api;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace Krr.Tests.TestData;

public sealed class TestPersonCreationTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    [Fact]
    public async Task A_test_person_is_created_with_the_chosen_attributes_and_found_by_the_search()
    {
        var created = await CreateAsync(new
        {
            foedselsdato = "1984-02-29", kommunenummer = "5001", reservasjon = "JA", spraak = "se",
            mobiltelefonnummer = "+47 412 34 567", digital_post = new { postkasseadresse = "test#digipost", postkasseleverandoeradresse = "984661185" },
        });

        var identifier = PersonIdentifier.Parse(created);
        Assert.True(identifier.IsSynthetic);
        Assert.Equal(new DateOnly(1984, 2, 29), identifier.BirthDate);
        var record = (await deployment.Grains.GetPerson(created).GetAsync())!;
        Assert.Equal((true, "se", "+4741234567", null, "test#digipost"), (record.Reserved, record.Language, record.Mobile!.Normalized, record.Email, record.Mailbox!.Address));
        Assert.Equal("5001", (await deployment.Grains.GetResident(created).GetAsync())!.Municipality);

        var page = await GetAsync("/testdata/personer?status=AKTIV&spraak=se&reservasjon=JA&har_mobil=JA&har_epost=NEI&varslingsstatus=KAN_IKKE_VARSLES");
        Assert.Contains(created, page["personer"]!.AsArray().Select(p => (string)p!["personidentifikator"]!));
    }

    [Theory]
    [InlineData("SLETTET")]
    [InlineData("IKKE_REGISTRERT")]
    public async Task Deleted_and_unregistered_test_persons_look_up_as_such_and_are_residents(string status)
    {
        var created = await CreateAsync(new { status });

        var persons = await deployment.PersonsAsync("v2", [created], "krr:global/kontaktinformasjon.read");
        Assert.Equal(status, (string?)persons[0]!["status"]);
        Assert.Equal(ResidentStatus.Resident, (await deployment.Grains.GetResident(created).GetAsync())!.Status);
        var page = await GetAsync($"/testdata/personer?status={status}&antall=1000");
        Assert.Contains(created, page["personer"]!.AsArray().Select(p => (string)p!["personidentifikator"]!));
    }

    [Fact]
    public async Task Invalid_attributes_create_nothing_and_say_what_is_wrong()
    {
        using var response = await PostAsync(new { status = "SLETTET", spraak = "nb", kommunenummer = "9999", epostadresse = "not-an-address" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var codes = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => (string)e!["code"]!).ToList();
        Assert.Contains("kommunenummer.county", codes);
        Assert.Contains("status.conflict", codes);
        Assert.Equal(3, codes.Count);
    }

    [Fact]
    public async Task A_digital_mailbox_without_an_address_is_refused_and_creates_nothing()
    {
        using var response = await PostAsync(new { foedselsdato = "1961-07-14", digital_post = new { postkasseadresse = " ", postkasseleverandoeradresse = "984661185" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var codes = (await response.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsArray().Select(e => (string)e!["code"]!);
        Assert.Equal(["postkasseadresse.missing"], codes);
        Assert.Empty(await TakenAsync(new DateOnly(1961, 7, 14)));
    }

    /// <summary>
    /// A birth date has only a few hundred synthetic identities (one per valid individual number). The last free one is
    /// still found, and when none is left the answer says so and nothing is created.
    /// </summary>
    [Fact]
    public async Task The_last_free_synthetic_identity_of_a_date_is_found_and_a_full_date_is_refused()
    {
        var birthDate = new DateOnly(1905, 3, 7);
        var identities = Enumerable.Range(0, 1000)
            .Select(n => PersonIdentifier.TryCreate(birthDate, n, synthetic: true)?.Value).OfType<string>().ToList();
        var last = identities[^1];
        foreach (var chunk in identities[..^1].Chunk(50))
        {
            await Task.WhenAll(chunk.Select(identifier => deployment.Grains.GetResident(identifier).SeedAsync(new ResidentRecord
            {
                Identifier = identifier, BirthDate = birthDate, Municipality = "0301", Status = ResidentStatus.Resident, Updated = DateTimeOffset.UtcNow,
            })));
        }

        Assert.Equal(last, await CreateAsync(new { foedselsdato = "1905-03-07" }));

        using var full = await PostAsync(new { foedselsdato = "1905-03-07", reservasjon = "JA" });
        Assert.Equal(HttpStatusCode.Conflict, full.StatusCode);
        Assert.Contains("1905-03-07", (string)(await full.Content.ReadFromJsonAsync<JsonObject>())!["detail"]!);
        Assert.Equal(identities.Count, (await TakenAsync(birthDate)).Count);
        Assert.False((await deployment.Grains.GetPerson(last).GetAsync())!.Reserved);
    }

    [Theory]
    [InlineData("Production", null, false)]
    [InlineData("Production", "true", true)]
    [InlineData("Development", null, true)]
    [InlineData("Staging", "false", false)]
    public void Test_data_is_off_in_production_unless_configured(string environment, string? setting, bool enabled)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(setting is null ? [] : [new("Krr:TestData:Enabled", setting)]).Build();
        Assert.Equal(enabled, TestDataEndpoints.Enabled(configuration, new HostingEnvironment { EnvironmentName = environment }));
    }

    private async Task<string> CreateAsync(object body) =>
        (string)(await deployment.OperatorAsync(HttpMethod.Post, "/testdata/personer", body))["personidentifikator"]!;

    private Task<HttpResponseMessage> PostAsync(object body) =>
        deployment.SendAsync(HttpMethod.Post, "/testdata/personer", deployment.Tokens.Agency("991825827", "krr:operator/admin"), body);

    private async Task<JsonObject> GetAsync(string path) => (await deployment.OperatorAsync(HttpMethod.Get, path)).AsObject();

    /// <summary>The synthetic identities of <paramref name="birthDate"/> that Folkeregisteret knows.</summary>
    private async Task<List<string>> TakenAsync(DateOnly birthDate)
    {
        var taken = new List<string>();
        foreach (var identifier in Enumerable.Range(0, 1000).Select(n => PersonIdentifier.TryCreate(birthDate, n, synthetic: true)?.Value).OfType<string>())
        {
            if (await deployment.Grains.GetResident(identifier).GetAsync() is not null)
                taken.Add(identifier);
        }
        return taken;
    }
}
