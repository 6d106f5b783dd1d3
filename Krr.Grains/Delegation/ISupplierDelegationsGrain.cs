namespace Krr.Grains.Delegation;

/// <summary>Index of the consumers that have granted one supplier organisation something, for "grants received".</summary>
[Alias("krr.ISupplierDelegationsGrain")]
public interface ISupplierDelegationsGrain : IGrainWithStringKey
{
    [Alias("AddConsumer")]
    Task AddConsumerAsync(string consumerOrg);

    [Alias("RemoveConsumer")]
    Task RemoveConsumerAsync(string consumerOrg);

    /// <summary>The active grants this supplier holds, each confirmed by its consumer's grain.</summary>
    [AlwaysInterleave, Alias("List")]
    Task<ImmutableArray<DelegationGrant>> ListAsync();
}
