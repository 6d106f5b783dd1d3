namespace Krr.Grains.Contacts;

public sealed class ContactOwnersGrain(
    [PersistentState("contactOwners", KrrStorage.Name)] IPersistentState<ContactOwnersState> state)
    : Grain, IContactOwnersGrain
{
    async Task<OwnershipChange> IContactOwnersGrain.AddOwnerAsync(string identifier)
    {
        var owners = state.State.Owners;
        if (!owners.Add(identifier))
        {
            return new OwnershipChange(owners.Count > 1, []);
        }
        await WriteOrUndoAsync(() => owners.Remove(identifier));
        var notify = owners.Count == 2 ? owners.Where(o => o != identifier).ToImmutableArray() : [];
        return new OwnershipChange(owners.Count > 1, notify);
    }

    async Task<OwnershipChange> IContactOwnersGrain.RemoveOwnerAsync(string identifier)
    {
        var owners = state.State.Owners;
        if (!owners.Remove(identifier))
        {
            return new OwnershipChange(owners.Count > 1, []);
        }
        await WriteOrUndoAsync(() => owners.Add(identifier));
        return new OwnershipChange(owners.Count > 1, owners.Count == 1 ? [.. owners] : []);
    }

    Task<bool> IContactOwnersGrain.HasOtherOwnersAsync(string identifier) =>
        Task.FromResult(state.State.Owners.Any(o => o != identifier));

    Task<ImmutableArray<string>> IContactOwnersGrain.OwnersAsync() => Task.FromResult(state.State.Owners.ToImmutableArray());

    private async Task WriteOrUndoAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            undo();
            throw;
        }
    }
}
