using System.Text.Json.Serialization;

namespace Krr.Api.TestData;

/// <summary>The key information of one person in the search result, as on the seed's test data screen.</summary>
public sealed record TestPersonRow(
    [property: JsonPropertyName("personidentifikator")] string Identifier,
    [property: JsonPropertyName("brukerstatus")] string Status,
    [property: JsonPropertyName("varslingsstatus")] string NotificationStatus,
    [property: JsonPropertyName("maalform")] string? Language,
    [property: JsonPropertyName("reservasjon")] string Reserved,
    [property: JsonPropertyName("har_mobilnr")] string HasMobile,
    [property: JsonPropertyName("har_epost")] string HasEmail)
{
    public const string CsvHeader = "personidentifikator,brukerstatus,varslingsstatus,maalform,reservasjon,har_mobilnr,har_epost";

    public string ToCsv() => $"{Identifier},{Status},{NotificationStatus},{Language},{Reserved},{HasMobile},{HasEmail}";
}

/// <summary>One page of a search: the total number of hits ("N treff") and where the next page starts.</summary>
public sealed record TestDataPage(
    [property: JsonPropertyName("treff")] long Hits,
    [property: JsonPropertyName("personer")] IReadOnlyList<TestPersonRow> Persons,
    [property: JsonPropertyName("neste")] string? Next);
