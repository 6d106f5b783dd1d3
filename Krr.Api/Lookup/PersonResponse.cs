using System.Text.Json.Serialization;

namespace Krr.Api.Lookup;

/// <summary>One person on the wire, field names and order as the register's (krr-reference.md §1.3). Null fields are omitted.</summary>
public sealed record PersonResponse
{
    [JsonPropertyName("personidentifikator")] public required string Personidentifikator { get; init; }
    [JsonPropertyName("reservasjon")] public string? Reservasjon { get; init; }
    [JsonPropertyName("reservasjonstidspunkt")] public string? Reservasjonstidspunkt { get; init; }
    [JsonPropertyName("reservasjon_oppdatert")] public string? ReservasjonOppdatert { get; init; }
    [JsonPropertyName("status")] public required string Status { get; init; }
    [JsonPropertyName("varslingsstatus")] public string? Varslingsstatus { get; init; }
    [JsonPropertyName("kontaktinformasjon")] public ContactInformationResponse? Kontaktinformasjon { get; init; }
    [JsonPropertyName("digital_post")] public DigitalPostResponse? DigitalPost { get; init; }
    [JsonPropertyName("sertifikat")] public string? Sertifikat { get; init; }
    [JsonPropertyName("spraak")] public string? Spraak { get; init; }
    [JsonPropertyName("spraak_oppdatert")] public string? SpraakOppdatert { get; init; }
    [JsonPropertyName("oppdatert")] public string? Oppdatert { get; init; }
}
