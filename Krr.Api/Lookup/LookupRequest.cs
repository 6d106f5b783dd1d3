using System.Text.Json.Serialization;

namespace Krr.Api.Lookup;

/// <summary>Body of <c>POST /rest/v{1,2}/personer</c>.</summary>
public sealed record LookupRequest(
    [property: JsonPropertyName("personidentifikatorer")] IReadOnlyList<string?>? Personidentifikatorer);
