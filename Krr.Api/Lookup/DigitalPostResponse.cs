using System.Text.Json.Serialization;

namespace Krr.Api.Lookup;

public sealed record DigitalPostResponse(
    [property: JsonPropertyName("postkasseadresse")] string Postkasseadresse,
    [property: JsonPropertyName("postkasseleverandoeradresse")] string Postkasseleverandoeradresse);
