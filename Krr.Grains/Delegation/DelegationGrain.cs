namespace Krr.Grains.Delegation;

/// <summary>
/// Writes are serialised by the grain; readers interleave and see only stored grants. The supplier's index is
/// updated before a grant is stored and after a revocation is stored, so it may name a consumer too many (the
/// index confirms with this grain) but never one too few.
/// </summary>
public sealed class DelegationGrain(
    [PersistentState("delegationsGiven", KrrStorage.Name)] IPersistentState<DelegationState> state,
    RegisterClock clock)
    : Grain, IDelegationGrain
{
    private string ConsumerOrg => DelegationKeys.OrgOf(this.GetPrimaryKeyString());

    async Task<DelegationGrant> IDelegationGrain.GrantAsync(string supplierOrg, ImmutableSortedSet<string> scopes)
    {
        var current = state.State.Grants.GetValueOrDefault(supplierOrg);
        var merged = current?.Scopes.Union(scopes) ?? scopes;
        if (current is not null && merged.SetEquals(current.Scopes))
        {
            return current;
        }
        await GrainFactory.GetDelegationsReceived(supplierOrg).AddConsumerAsync(ConsumerOrg);
        var next = new DelegationGrant(ConsumerOrg, supplierOrg, merged, clock.UtcNow);
        await StoreAsync(supplierOrg, next);
        return next;
    }

    async Task<DelegationGrant?> IDelegationGrain.RevokeAsync(string supplierOrg, ImmutableSortedSet<string> scopes)
    {
        if (state.State.Grants.GetValueOrDefault(supplierOrg) is not { } current)
        {
            return null;
        }
        var remaining = scopes.IsEmpty ? [] : current.Scopes.Except(scopes);
        if (remaining.SetEquals(current.Scopes))
        {
            return current;
        }
        var next = remaining.IsEmpty ? null : current with { Scopes = remaining, Updated = clock.UtcNow };
        await StoreAsync(supplierOrg, next);
        if (next is null)
        {
            await GrainFactory.GetDelegationsReceived(supplierOrg).RemoveConsumerAsync(ConsumerOrg);
        }
        return next;
    }

    Task<ImmutableSortedSet<string>> IDelegationGrain.GrantedScopesAsync(string supplierOrg) =>
        Task.FromResult(state.State.Grants.GetValueOrDefault(supplierOrg)?.Scopes ?? []);

    Task<ImmutableArray<DelegationGrant>> IDelegationGrain.ListAsync() =>
        Task.FromResult(state.State.Grants.Values.OrderBy(g => g.SupplierOrg, StringComparer.Ordinal).ToImmutableArray());

    /// <summary>
    /// Replaces the dictionary rather than mutating it, so interleaved readers see either the old or the stored
    /// grants, never a write that failed.
    /// </summary>
    private async Task StoreAsync(string supplierOrg, DelegationGrant? grant)
    {
        var previous = state.State.Grants;
        var next = new Dictionary<string, DelegationGrant>(previous);
        if (grant is null)
        {
            next.Remove(supplierOrg);
        }
        else
        {
            next[supplierOrg] = grant;
        }
        await state.WriteOrRestoreAsync((s, grants) => s.Grants = grants, previous, next);
    }
}
