using Krr.Grains.Persons;

namespace Krr.Grains.Lookup;

/// <summary>
/// One person grain activation's entry in <see cref="ActivePersons"/>: the record it last published (null: never
/// registered) with that publication's version, swapped as one reference so a reader never pairs a record with
/// another publication's version. Only that activation writes it; lookups on the same silo read it without a message.
/// </summary>
public sealed class ActivePerson(VersionedRecord published)
{
    private volatile VersionedRecord _published = published;
    /// <summary>When the activation last had a message from a lookup, in <see cref="Environment.TickCount64"/> milliseconds.</summary>
    private long _usedAt = Environment.TickCount64;

    public VersionedRecord Published
    {
        get => _published;
        internal set => _published = value;
    }

    public PersonRecord? Record => _published.Record;

    /// <summary>
    /// True for exactly one caller once <paramref name="interval"/> has passed since the last true (or the entry's
    /// creation): that caller sends the activation a message, so concurrent lookups send one between them.
    /// </summary>
    public bool TakeUse(long now, long interval)
    {
        var last = Volatile.Read(ref _usedAt);
        return now - last >= interval && Interlocked.CompareExchange(ref _usedAt, now, last) == last;
    }
}
