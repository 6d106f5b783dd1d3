using Krr.Grains.Persons;
using Orleans.Storage;

namespace Krr.Grains.Lookup;

/// <summary>
/// Reads a person grain's stored state through the grain's own storage provider, by the grain's own id and state name,
/// without activating it: the state an activation starting now would read (concurrent reads share a query, as
/// activations' do). What a lookup may answer from it, and why, is in docs/architecture.md ("Cold lookups without activation").
/// </summary>
public sealed class StoredPersons(IGrainStorage storage, IGrainFactory grains)
{
    private GrainType? _personType;

    public async Task<PersonState> ReadAsync(string identifier)
    {
        _personType ??= grains.GetPerson(identifier).GetGrainId().Type;
        var state = new GrainState<PersonState>();
        await storage.ReadStateAsync(PersonState.StateName, GrainId.Create(_personType.Value, PersonKey.For(identifier)), state);
        return state.State ?? throw new InvalidOperationException("The storage provider set no state.");
    }
}
