using System.Text.Json.Serialization;
using Krr.Api.Wire;
using Krr.Grains.Delegation;

namespace Krr.Api.Delegation;

/// <summary>Request of <c>POST /rest/v2/krr/delegeringer</c>: grant a supplier these delegation scopes.</summary>
public sealed record GrantRequest(
    [property: JsonPropertyName("leverandoer")] string? Leverandoer,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string>? Scopes);

public sealed record GrantResponse(
    [property: JsonPropertyName("avgiver")] string Avgiver,
    [property: JsonPropertyName("leverandoer")] string Leverandoer,
    [property: JsonPropertyName("scopes")] IReadOnlyList<string> Scopes,
    [property: JsonPropertyName("oppdatert")] string Oppdatert)
{
    public static GrantResponse From(DelegationGrant grant) =>
        new(grant.ConsumerOrg, grant.SupplierOrg, [.. grant.Scopes], WireTime.Format(grant.Updated));
}

/// <summary>The caller's grants both ways: given to suppliers, and received from consumers.</summary>
public sealed record GrantsResponse(
    [property: JsonPropertyName("gitt")] IReadOnlyList<GrantResponse> Gitt,
    [property: JsonPropertyName("mottatt")] IReadOnlyList<GrantResponse> Mottatt);

[JsonSerializable(typeof(GrantRequest))]
[JsonSerializable(typeof(GrantResponse))]
[JsonSerializable(typeof(GrantsResponse))]
internal sealed partial class DelegationJsonContext : JsonSerializerContext;
