namespace Krr.Grains.Delegation;

/// <summary>Grain keys for delegations; the prefixes keep all-digit org numbers from becoming integer keys.</summary>
public static class DelegationKeys
{
    /// <summary>The grants a consumer organisation has given.</summary>
    public static IDelegationGrain GetDelegationsGiven(this IGrainFactory grains, string consumerOrg) =>
        grains.GetGrain<IDelegationGrain>("avgiver:" + consumerOrg);

    /// <summary>Which consumers may have granted a supplier organisation something.</summary>
    public static ISupplierDelegationsGrain GetDelegationsReceived(this IGrainFactory grains, string supplierOrg) =>
        grains.GetGrain<ISupplierDelegationsGrain>("leverandoer:" + supplierOrg);

    public static string OrgOf(string key) => key[(key.IndexOf(':') + 1)..];
}
