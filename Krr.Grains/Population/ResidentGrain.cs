using Krr.Grains.Persons;

namespace Krr.Grains.Population;

public sealed class ResidentGrain(
    [PersistentState("resident", KrrStorage.Name)] IPersistentState<ResidentState> state,
    RegisterClock clock)
    : Grain, IResidentGrain
{
    private string Identifier => ResidentKey.IdentifierOf(this.GetPrimaryKeyString());

    Task<ResidentRecord?> IResidentGrain.GetAsync() => Task.FromResult(state.State.Record);

    async Task<EventOutcome> IResidentGrain.ApplyAsync(FolkeregisterEvent change)
    {
        var current = state.State.Record;
        if (ResidentChanges.IsReplay(current, change.Sequence))
        {
            return EventOutcome.Replayed;
        }
        switch (change.Type)
        {
            case FolkeregisterEventType.Death:
                await GrainFactory.GetPerson(Identifier).DeleteAsync();
                break;
            case FolkeregisterEventType.IdentifierChange:
                await GrainFactory.GetResident(change.NewIdentifier!).TakeOverAsync(change.Sequence, current);
                await GrainFactory.GetPerson(Identifier).TransferToAsync(change.NewIdentifier!);
                break;
        }
        await StoreAsync(ResidentChanges.Apply(current, Identifier, change, clock.UtcNow)!);
        return EventOutcome.Applied;
    }

    async Task IResidentGrain.TakeOverAsync(long sequence, ResidentRecord? source)
    {
        var current = state.State.Record;
        var next = ResidentChanges.TakeOver(current, Identifier, source, sequence, clock.UtcNow);
        if (!ReferenceEquals(next, current))
        {
            await StoreAsync(next!);
        }
    }

    async Task IResidentGrain.SeedAsync(ResidentRecord record)
    {
        if (record.Identifier != Identifier)
        {
            throw new ArgumentException("The seeded record belongs to another person.", nameof(record));
        }
        await StoreAsync(record);
    }

    private Task StoreAsync(ResidentRecord next) =>
        state.WriteOrRestoreAsync((s, record) => s.Record = record, state.State.Record, next);
}
