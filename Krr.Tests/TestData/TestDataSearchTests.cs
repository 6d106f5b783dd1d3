using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Krr.Grains.Persons;
using Krr.Grains.Population;
using Krr.Tests.Statistics;

namespace Krr.Tests.TestData;

/// <summary>Every search filter, paging and both downloads, against answers computed from the generated records with the register's own rules.</summary>
public sealed class TestDataSearchTests(GeneratedRegister register) : IClassFixture<GeneratedRegister>
{
    public static TheoryData<string> Filters() =>
    [
        "", "status=AKTIV", "status=SLETTET", "status=IKKE_REGISTRERT", "varslingsstatus=KAN_VARSLES", "varslingsstatus=KAN_IKKE_VARSLES",
        "spraak=nb", "spraak=nn", "spraak=en", "spraak=se", "reservasjon=JA", "reservasjon=NEI", "har_mobil=JA", "har_mobil=NEI",
        "har_epost=JA", "har_epost=NEI", "status=AKTIV&varslingsstatus=KAN_VARSLES&spraak=nb&reservasjon=NEI&har_mobil=JA&har_epost=NEI",
    ];

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task Every_filter_counts_and_pages_exactly_the_matching_persons(string query)
    {
        var expected = Expected(query);

        var first = await GetAsync($"/testdata/personer?{query}&antall=1000");
        Assert.Equal(expected.Count, (long)first["treff"]!);
        var seen = new List<JsonNode>();
        for (var page = first; ; page = await GetAsync($"/testdata/personer?{query}&antall=1000&etter={page["neste"]}"))
        {
            seen.AddRange(page["personer"]!.AsArray().Select(p => p!.DeepClone()));
            if (page["neste"] is null)
                break;
        }
        Assert.Equal(expected.Select(e => e.Identifier), seen.Select(p => (string)p["personidentifikator"]!));
        Assert.Equal(expected.Select(Row), seen.Select(p => string.Join(',', ((JsonObject)p).Select(f => (string?)f.Value))));
    }

    [Fact]
    public async Task The_whole_result_downloads_as_CSV_and_JSON()
    {
        const string Query = "status=AKTIV&har_mobil=JA";
        var expected = Expected(Query);

        using var csvResponse = await SendAsync($"/testdata/personer.csv?{Query}");
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
        Assert.Equal("testdata.csv", csvResponse.Content.Headers.ContentDisposition!.FileNameStar ?? csvResponse.Content.Headers.ContentDisposition.FileName);
        var lines = (await csvResponse.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("personidentifikator,brukerstatus,varslingsstatus,maalform,reservasjon,har_mobilnr,har_epost", lines[0]);
        Assert.Equal(expected.Select(Row), lines.Skip(1));

        using var jsonResponse = await SendAsync($"/testdata/personer.json?{Query}");
        var persons = (await jsonResponse.Content.ReadFromJsonAsync<JsonArray>())!;
        Assert.Equal(expected.Select(Row), persons.Select(p => string.Join(',', ((JsonObject)p!).Select(f => (string?)f.Value))));
        Assert.True(expected.Count > 1000, "the download spans more than one page");
    }

    [Theory]
    [InlineData("status=AKTIVE", "status.invalid")]
    [InlineData("varslingsstatus=JA", "varslingsstatus.invalid")]
    [InlineData("spraak=de", "spraak.invalid")]
    [InlineData("reservasjon=ja", "reservasjon.invalid")]
    [InlineData("har_mobil=true", "har_mobil.invalid")]
    [InlineData("har_epost=1", "har_epost.invalid")]
    [InlineData("antall=0", "antall.invalid")]
    public async Task An_invalid_filter_is_a_problem_that_names_it(string query, string code)
    {
        using var response = await SendAsync($"/testdata/personer?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(code, (string?)problem["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task The_search_needs_the_operator_scope()
    {
        using var response = await register.SendAsync(HttpMethod.Get, "/testdata/personer", register.Tokens.Agency("991825827", "krr:global/kontaktinformasjon.read"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>The generated population filtered with the register's rules, in identifier order.</summary>
    private List<PersonRecordView> Expected(string query)
    {
        var now = register.Clock.GetUtcNow();
        var filters = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(f => f.Split('=')).ToDictionary(f => f[0], f => f[1]);
        return register.Population
            .Select(p => new PersonRecordView(p, now))
            .Where(v => filters.All(f => f.Key switch
            {
                "status" => v.Status == f.Value,
                "varslingsstatus" => v.NotificationStatus == f.Value,
                "spraak" => v.Language == f.Value,
                "reservasjon" => v.Reserved == f.Value,
                "har_mobil" => v.HasMobile == f.Value,
                "har_epost" => v.HasEmail == f.Value,
                _ => throw new ArgumentException(f.Key),
            }))
            .OrderBy(v => v.Identifier, StringComparer.Ordinal)
            .ToList();
    }

    private static string Row(PersonRecordView v) =>
        $"{v.Identifier},{v.Status},{v.NotificationStatus},{v.Language},{v.Reserved},{v.HasMobile},{v.HasEmail}";

    private sealed record PersonRecordView(string Identifier, string Status, string NotificationStatus, string? Language, string Reserved, string HasMobile, string HasEmail)
    {
        public PersonRecordView(GeneratedResident generated, DateTimeOffset now) : this(
            generated.Resident.Identifier,
            generated.Person is null ? "IKKE_REGISTRERT" : generated.Person.Status == PersonStatus.Active ? "AKTIV" : "SLETTET",
            PersonNotification.CanNotify(generated.Person, now) ? "KAN_VARSLES" : "KAN_IKKE_VARSLES",
            generated.Person?.Language,
            generated.Person?.Reserved == true ? "JA" : "NEI",
            generated.Person?.Mobile is null ? "NEI" : "JA",
            generated.Person?.Email is null ? "NEI" : "JA")
        {
        }
    }

    private async Task<JsonObject> GetAsync(string path) => (await register.OperatorAsync(HttpMethod.Get, path)).AsObject();

    private Task<HttpResponseMessage> SendAsync(string path) =>
        register.SendAsync(HttpMethod.Get, path, register.Tokens.Agency("991825827", "krr:operator/admin"));
}
