using System.Text.Json.Serialization;

namespace Krr.Api.LanguageSelection;

/// <summary>Request of <c>POST /rest/v2/krr/spraak</c>: 1 to 1000 pairs.</summary>
public sealed record LanguageRequest([property: JsonPropertyName("personer")] IReadOnlyList<LanguagePair?>? Personer);

public sealed record LanguagePair(
    [property: JsonPropertyName("personidentifikator")] string? Personidentifikator,
    [property: JsonPropertyName("spraak")] string? Spraak);

/// <summary>One result per pair, in request order.</summary>
public sealed record LanguageResponse([property: JsonPropertyName("personer")] IReadOnlyList<LanguageItemResult> Personer);

/// <summary>
/// <c>status</c> is what a single call would have answered (201 created, 200 set, 409 already set);
/// <c>spraak</c> is the language the person has now, so on 409 the current value.
/// </summary>
public sealed record LanguageItemResult(
    [property: JsonPropertyName("personidentifikator")] string Personidentifikator,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("resultat")] string Resultat,
    [property: JsonPropertyName("spraak")] string Spraak);

/// <summary>An invalid pair, by its position in the request.</summary>
public sealed record InvalidPair(
    [property: JsonPropertyName("indeks")] int Index,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("message")] string Message);

[JsonSerializable(typeof(LanguageRequest))]
[JsonSerializable(typeof(LanguageResponse))]
internal sealed partial class LanguageJsonContext : JsonSerializerContext;
