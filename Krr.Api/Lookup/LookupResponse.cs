using System.Text.Json.Serialization;

namespace Krr.Api.Lookup;

public sealed record LookupResponse([property: JsonPropertyName("personer")] IReadOnlyList<PersonResponse> Personer);
