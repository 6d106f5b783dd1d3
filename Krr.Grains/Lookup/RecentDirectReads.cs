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
/// Approximate on purpose, and both of its errors are the behaviour before direct reads or one more direct read: a
/// fixed table of 2²⁰ entries (8 MB) in sets of 8 (a set is 64 bytes, one or two cache lines), each entry an
/// identifier's hash and the second of its last direct read, the oldest entry of a set replaced. With 4 to a set,
/// 50,000 persons read once each (lookup-hot's) left five or more forgotten in about one run of ninety (simulated; CI
/// met one); with 8, any set overflows at 50,000 about once in 20,000 runs. Another identifier with the same hash in
/// the window makes a first lookup an activation; an entry replaced before the second lookup (a set's ninth identifier
/// within the window, as in a sweep) makes it one more direct read. Entries are written without locks: a lost race is
/// one of those two errors.
/// </remarks>
public sealed class RecentDirectReads(TimeSpan window)
{
    private const int Ways = 8;
    private const int SetBits = 17;
    private readonly long[] _entries = new long[Ways << SetBits];
    private readonly long _windowSeconds = Math.Max(1, (long)window.TotalSeconds);

    /// <summary>The window is the person grains' collection age: looked up again sooner, a person is worth keeping active.</summary>
    public RecentDirectReads(IOptions<GrainCollectionOptions> collection)
        : this(PersonGrain.CollectionAgeIn(collection.Value))
    {
    }

    /// <summary>
    /// True when <paramref name="identifier"/> had no direct read within the window: the caller reads it directly, and
    /// this is remembered. False for a second lookup within the window: the caller activates the person.
    /// </summary>
    public bool TakeFirst(string identifier, long nowMilliseconds)
    {
        var hash = (uint)identifier.GetHashCode();
        // Never 0 (an empty entry): the clock counts from the machine's start, plus one.
        var second = (uint)(nowMilliseconds / 1000 + 1);
        var set = (int)(hash & ((1u << SetBits) - 1)) * Ways;
        var oldest = set;
        var oldestAge = -1L;
        for (var i = set; i < set + Ways; i++)
        {
            var entry = Volatile.Read(ref _entries[i]);
            var age = (long)second - (uint)entry;
            if ((uint)(entry >> 32) == hash && entry != 0 && age < _windowSeconds)
            {
                return false;
            }
            if (entry == 0)
            {
                age = long.MaxValue;
            }
            if (age > oldestAge)
            {
                (oldest, oldestAge) = (i, age);
            }
        }
        Volatile.Write(ref _entries[oldest], ((long)hash << 32) | second);
        return true;
    }
}
