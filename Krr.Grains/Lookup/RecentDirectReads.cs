using Krr.Grains.Persons;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Krr.Grains.Lookup;

/// <summary>
/// Which persons this silo recently answered from storage without activating them, so that a person looked up again
/// within <c>window</c> is activated (and from then on answered from <see cref="ActivePersons"/>) while a sweep's persons,
/// each looked up once, are never activated (docs/architecture.md, "Cold lookups without activation").
/// </summary>
/// <remarks>
/// Approximate on purpose, and both of its errors are safe: a fixed table of 2²⁰ slots (8 MB), one per hash of the
/// identifier, holding the hash and the second of the last direct read. Another identifier with the same hash in the
/// window makes a first lookup an activation (what every cold lookup was before); a slot taken over by another identifier
/// makes a second lookup one more direct read. Slots are written without locks: a lost race is one of those two errors.
/// </remarks>
public sealed class RecentDirectReads(TimeSpan window)
{
    /// <summary>The window is the person grains' collection age: looked up again sooner, a person is worth keeping active.</summary>
    public RecentDirectReads(IOptions<GrainCollectionOptions> collection)
        : this(PersonGrain.CollectionAgeIn(collection.Value))
    {
    }

    private const int SlotBits = 20;
    private readonly long[] _slots = new long[1 << SlotBits];
    private readonly long _windowSeconds = Math.Max(1, (long)window.TotalSeconds);

    /// <summary>
    /// True when <paramref name="identifier"/> had no direct read within the window: the caller reads it directly, and
    /// this is remembered. False for a second lookup within the window: the caller activates the person.
    /// </summary>
    public bool TakeFirst(string identifier, long nowMilliseconds)
    {
        var hash = (uint)identifier.GetHashCode();
        // Never 0 (an empty slot): the clock counts from the machine's start, plus one.
        var second = nowMilliseconds / 1000 + 1;
        ref var slot = ref _slots[hash & ((1 << SlotBits) - 1)];
        var seen = Volatile.Read(ref slot);
        if ((uint)(seen >> 32) == hash && second - (uint)seen < _windowSeconds)
        {
            return false;
        }
        Volatile.Write(ref slot, ((long)hash << 32) | (uint)second);
        return true;
    }
}
