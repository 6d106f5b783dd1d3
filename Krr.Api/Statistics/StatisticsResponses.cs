using System.Text.Json.Serialization;

namespace Krr.Api.Statistics;

/// <summary>Monthly key figures (SPEC §11).</summary>
public sealed record KeyFigures(
    [property: JsonPropertyName("maaned")] string Month,
    [property: JsonPropertyName("registrerte")] long? Registered,
    [property: JsonPropertyName("kunder")] long Customers,
    [property: JsonPropertyName("oppslag")] long Lookups,
    [property: JsonPropertyName("oppetid_prosent")] decimal? UptimePercent);

/// <summary>One row of the age table: residents in the group and the shares with a digital mailbox and reserved.</summary>
public sealed record AgeGroupRow(
    [property: JsonPropertyName("aldersgruppe")] string Group,
    [property: JsonPropertyName("innbyggere")] long Residents,
    [property: JsonPropertyName("andel_postkasse_prosent")] decimal MailboxPercent,
    [property: JsonPropertyName("andel_reservert_prosent")] decimal ReservedPercent);

/// <summary>Reserved residents of one county or municipality.</summary>
public sealed record ReservedRow(
    [property: JsonPropertyName("nummer")] string Number,
    [property: JsonPropertyName("navn")] string? Name,
    [property: JsonPropertyName("innbyggere")] long Residents,
    [property: JsonPropertyName("reserverte")] long Reserved,
    [property: JsonPropertyName("andel_reservert_prosent")] decimal ReservedPercent);

/// <summary>Reserved per county and municipality, with the five municipalities with most and fewest reserved.</summary>
public sealed record ReservedByArea(
    [property: JsonPropertyName("fylker")] IReadOnlyList<ReservedRow> Counties,
    [property: JsonPropertyName("kommuner")] IReadOnlyList<ReservedRow> Municipalities,
    [property: JsonPropertyName("flest_reserverte")] IReadOnlyList<ReservedRow> Most,
    [property: JsonPropertyName("faerrest_reserverte")] IReadOnlyList<ReservedRow> Fewest);
