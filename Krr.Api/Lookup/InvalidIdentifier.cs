using System.Text.Json.Serialization;

namespace Krr.Api.Lookup;

/// <summary>One rejected identifier in a 400 answer: the value as sent and why it is not valid.</summary>
public sealed record InvalidIdentifier(
    [property: JsonPropertyName("personidentifikator")] string? Personidentifikator,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);
