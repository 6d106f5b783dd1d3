using Krr.Grains.Persons;

namespace Krr.Grains.Lookup;

/// <summary>
/// One person grain activation's entry in <see cref="ActivePersons"/>: the record it last published (null: never
/// registered). Only that activation writes it; lookups on the same silo read it without a message.
/// </summary>
public sealed class ActivePerson(PersonRecord? record)
{
    private volatile PersonRecord? _record = record;

    public PersonRecord? Record
    {
        get => _record;
        set => _record = value;
    }
}
