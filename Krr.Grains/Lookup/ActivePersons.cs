using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Krr.Grains.Persons;

namespace Krr.Grains.Lookup;

/// <summary>
/// The person grains active on this silo with their last stored record, so the silo-local <see cref="LookupGrain"/>
/// answers them without one message per person. A singleton of the silo; the consistency argument is in
/// docs/architecture.md ("Lookup without a message per person", "Conditional lookups").
/// </summary>
public sealed class ActivePersons
{
    private readonly ConcurrentDictionary<string, ActivePerson> _active = new(StringComparer.Ordinal);

    /// <summary>This silo process's part of every version it hands out: random, so no other process (earlier, later, elsewhere) shares it.</summary>
    private readonly Guid _silo = Guid.NewGuid();
    private long _sequence;

    public int Count => _active.Count;

    /// <summary>Called by an activation once its state is read; a leftover of an earlier activation is replaced.</summary>
    public ActivePerson Register(string identifier, PersonRecord? record)
    {
        var entry = new ActivePerson(Stamp(record));
        _active[identifier] = entry;
        return entry;
    }

    /// <summary>
    /// Publishes the activation's new record with a version no publication had before; the same instance again (a
    /// write that changed only the state's bookkeeping) keeps its version, since it is the same immutable record.
    /// </summary>
    public void Publish(ActivePerson entry, PersonRecord? record)
    {
        if (!ReferenceEquals(entry.Record, record))
        {
            entry.Published = Stamp(record);
        }
    }

    /// <summary>Removes <paramref name="entry"/> only if it is still the one registered, never a later activation's.</summary>
    public void Remove(string identifier, ActivePerson entry) =>
        _active.TryRemove(new KeyValuePair<string, ActivePerson>(identifier, entry));

    /// <summary>The record of a person active here; false when no activation of it is on this silo.</summary>
    public bool TryGet(string identifier, [MaybeNullWhen(false)] out ActivePerson entry) => _active.TryGetValue(identifier, out entry);

    /// <summary>
    /// A publication of its own for <paramref name="record"/>: what an activation registering it would publish, for a
    /// record a lookup read from storage without one (<see cref="StoredPersons"/>). Its version matches nothing a caller
    /// holds, so the caller takes the record as it is now.
    /// </summary>
    public VersionedRecord Stamp(PersonRecord? record) => new(new RecordVersion(_silo, Interlocked.Increment(ref _sequence)), record);
}
