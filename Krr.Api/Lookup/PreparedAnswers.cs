using BitFaster.Caching.Lru;
using Krr.Grains.Lookup;
using Krr.Hosting;

namespace Krr.Api.Lookup;

/// <summary>
/// The persons this API process answered lately, by identifier, each with the version of the record it holds and that
/// record's prepared answer bytes (<see cref="PreparedPerson"/>). A lookup sends the versions it holds and gets back
/// only the records whose version changed (<see cref="ILookupGrain"/>), so unchanged persons cross no connection and
/// are not serialised again. Bounded to <see cref="Capacity"/> persons (least recently used go first); a person
/// evicted is sent again by the silo on its next lookup. Why an entry can never answer an older record than the silo
/// holds: docs/architecture.md, "Conditional lookups".
/// </summary>
public sealed class PreparedAnswers
{
    public const int DefaultCapacity = 100_000;

    private readonly FastConcurrentLru<string, PreparedPerson> _persons;

    public PreparedAnswers(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 3, nameof(capacity));
        Capacity = capacity;
        _persons = new FastConcurrentLru<string, PreparedPerson>(Environment.ProcessorCount, capacity, StringComparer.Ordinal);
    }

    public static PreparedAnswers From(IConfiguration configuration) =>
        new(configuration.GetValue(KrrConfigurationKeys.LookupCachedPersons, DefaultCapacity));

    public int Capacity { get; }

    public int Count => _persons.Count;

    /// <summary>The person as last received, or null when not held (never looked up here, or evicted).</summary>
    internal PreparedPerson? Held(string identifier) => _persons.TryGet(identifier, out var person) ? person : null;

    /// <summary>
    /// Keeps a record the silo sent (a registered one: persons never registered are answered without bytes to keep).
    /// Two lookups may store different versions of one person at once; either is a record the silo published with it.
    /// </summary>
    internal PreparedPerson Received(string identifier, VersionedRecord published)
    {
        var person = new PreparedPerson(published);
        if (published.Record is not null)
        {
            _persons.AddOrUpdate(identifier, person);
        }
        return person;
    }
}
