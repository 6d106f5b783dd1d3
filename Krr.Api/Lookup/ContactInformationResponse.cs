using System.Text.Json.Serialization;

namespace Krr.Api.Lookup;

public sealed record ContactInformationResponse
{
    [JsonPropertyName("epostadresse")] public string? Epostadresse { get; init; }
    [JsonPropertyName("epostadresse_oppdatert")] public string? EpostadresseOppdatert { get; init; }
    [JsonPropertyName("epostadresse_sist_verifisert")] public string? EpostadresseSistVerifisert { get; init; }
    [JsonPropertyName("epostadresse_sist_validert")] public string? EpostadresseSistValidert { get; init; }
    [JsonPropertyName("epostadresse_duplisert")] public string? EpostadresseDuplisert { get; init; }
    [JsonPropertyName("mobiltelefonnummer")] public string? Mobiltelefonnummer { get; init; }
    [JsonPropertyName("mobiltelefonnummer_oppdatert")] public string? MobiltelefonnummerOppdatert { get; init; }
    [JsonPropertyName("mobiltelefonnummer_sist_verifisert")] public string? MobiltelefonnummerSistVerifisert { get; init; }
    [JsonPropertyName("mobiltelefonnummer_sist_validert")] public string? MobiltelefonnummerSistValidert { get; init; }
    [JsonPropertyName("mobiltelefonnummer_duplisert")] public string? MobiltelefonnummerDuplisert { get; init; }
}
