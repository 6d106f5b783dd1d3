namespace Krr.Grains.Contacts;

public sealed class ContactOwnersGrain(
    [PersistentState("contactOwners", KrrStorage.Name)] IPersistentState<ContactOwnersState> state)
    : Grain, IContactOwnersGrain
{
    private static readonly Task<bool> TrueTask = Task.FromResult(true);
    private static readonly Task<bool> FalseTask = Task.FromResult(false);

    async Task<OwnershipChange> IContactOwnersGrain.AddOwnerAsync(string identifier)
    {
        var owners = state.State.Owners;
        if (owners.Contains(identifier))
        {
            return new OwnershipChange(owners.Length > 1, []);
        }
        var next = owners.Add(identifier);
        await WriteAsync(owners, next);
        var notify = next.Length == 2 ? owners : [];
        return new OwnershipChange(next.Length > 1, notify);
    }

    async Task<OwnershipChange> IContactOwnersGrain.RemoveOwnerAsync(string identifier)
    {
        var owners = state.State.Owners;
        if (!owners.Contains(identifier))
        {
            return new OwnershipChange(owners.Length > 1, []);
        }
        var next = owners.Remove(identifier);
        await WriteAsync(owners, next);
        return new OwnershipChange(next.Length > 1, next.Length == 1 ? next : []);
    }

    Task<bool> IContactOwnersGrain.HasOtherOwnersAsync(string identifier)
    {
        var owners = state.State.Owners;
        return owners.Length > 1 || (owners.Length == 1 && owners[0] != identifier) ? TrueTask : FalseTask;
    }

    Task<ImmutableArray<string>> IContactOwnersGrain.OwnersAsync() => Task.FromResult(state.State.Owners);

    private Task WriteAsync(ImmutableArray<string> previous, ImmutableArray<string> next) =>
        state.WriteOrRestoreAsync((s, owners) => s.Owners = owners, previous, next);
}
