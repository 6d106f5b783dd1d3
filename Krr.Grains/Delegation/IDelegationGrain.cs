namespace Krr.Grains.Delegation;

/// <summary>
/// The grants one consumer organisation has given, and the only place a grant is decided: the lookup asks this
/// grain on every supplier request, so a revocation takes effect on the next request, with no cache to go stale.
/// </summary>
[Alias("krr.IDelegationGrain")]
public interface IDelegationGrain : IGrainWithStringKey
{
    /// <summary>Adds <paramref name="scopes"/> to the supplier's grant; returns the grant as stored.</summary>
    [Alias("Grant")]
    Task<DelegationGrant> GrantAsync(string supplierOrg, ImmutableSortedSet<string> scopes);

    /// <summary>Takes <paramref name="scopes"/> (all when empty) from the supplier's grant; returns what remains, or null.</summary>
    [Alias("Revoke")]
    Task<DelegationGrant?> RevokeAsync(string supplierOrg, ImmutableSortedSet<string> scopes);

    /// <summary>The scopes the supplier may use on this consumer's behalf now; empty without an active grant.</summary>
    [AlwaysInterleave, Alias("GrantedScopes")]
    Task<ImmutableSortedSet<string>> GrantedScopesAsync(string supplierOrg);

    [AlwaysInterleave, Alias("List")]
    Task<ImmutableArray<DelegationGrant>> ListAsync();
}
