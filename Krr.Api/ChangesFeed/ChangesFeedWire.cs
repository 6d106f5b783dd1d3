using System.Text.Json.Serialization;
using Krr.Api.Lookup;

namespace Krr.Api.ChangesFeed;

/// <summary>Request of <c>POST /rest/v2/krr/hentEndringer</c> (krr-reference.md §5.2).</summary>
public sealed record ChangesRequest([property: JsonPropertyName("fraEndringsId")] long? FraEndringsId);

/// <summary>
/// One page: the persons as the lookup shows them with every block, in change id order (a person may appear
/// more than once); <c>tilEndringsId</c> is the last id in the page, <c>sisteEndringsId</c> the newest id there is.
/// </summary>
public sealed record ChangesResponse(
    [property: JsonPropertyName("list")] IReadOnlyList<PersonResponse> List,
    [property: JsonPropertyName("fraEndringsId")] long FraEndringsId,
    [property: JsonPropertyName("tilEndringsId")] long TilEndringsId,
    [property: JsonPropertyName("sisteEndringsId")] long SisteEndringsId);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChangesRequest))]
[JsonSerializable(typeof(ChangesResponse))]
internal sealed partial class ChangesFeedJsonContext : JsonSerializerContext;
