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

    public VersionedRecord Published
    {
        get => _published;
        internal set => _published = value;
    }

    public PersonRecord? Record => _published.Record;
}
