namespace Krr.Grains.Delegation;

public sealed class SupplierDelegationsGrain(
    [PersistentState("delegationsReceived", KrrStorage.Name)] IPersistentState<SupplierDelegationsState> state)
    : Grain, ISupplierDelegationsGrain
{
    private string SupplierOrg => DelegationKeys.OrgOf(this.GetPrimaryKeyString());

    Task ISupplierDelegationsGrain.AddConsumerAsync(string consumerOrg) =>
        ChangeAsync(new HashSet<string>(state.State.ConsumerOrgs) { consumerOrg });

    Task ISupplierDelegationsGrain.RemoveConsumerAsync(string consumerOrg)
    {
        var next = new HashSet<string>(state.State.ConsumerOrgs);
        next.Remove(consumerOrg);
        return ChangeAsync(next);
    }

    async Task<ImmutableArray<DelegationGrant>> ISupplierDelegationsGrain.ListAsync()
    {
        // The index may name a consumer whose grant was never stored or is revoked; the consumer's grain decides.
        var grants = await Task.WhenAll(state.State.ConsumerOrgs.Order(StringComparer.Ordinal).Select(async consumer =>
            (await GrainFactory.GetDelegationsGiven(consumer).ListAsync()).FirstOrDefault(g => g.SupplierOrg == SupplierOrg)));
        return [.. grants.OfType<DelegationGrant>()];
    }

    private async Task ChangeAsync(HashSet<string> next)
    {
        if (next.SetEquals(state.State.ConsumerOrgs))
        {
            return;
        }
        await state.WriteOrRestoreAsync((s, consumers) => s.ConsumerOrgs = consumers, state.State.ConsumerOrgs, next);
    }
}
