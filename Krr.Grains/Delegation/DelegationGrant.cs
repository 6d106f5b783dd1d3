namespace Krr.Grains.Delegation;

/// <summary>
/// An agency's (the consumer's) grant to a supplier to look up on its behalf with the delegation scopes in
/// <see cref="Scopes"/> (krr-reference.md §1.5). A grant with no scopes does not exist.
/// </summary>
[GenerateSerializer, Immutable, Alias("krr.DelegationGrant")]
public sealed record DelegationGrant(
    [property: Id(0)] string ConsumerOrg,
    [property: Id(1)] string SupplierOrg,
    [property: Id(2)] ImmutableSortedSet<string> Scopes,
    [property: Id(3)] DateTimeOffset Updated);
