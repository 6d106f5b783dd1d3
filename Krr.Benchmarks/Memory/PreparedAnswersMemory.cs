using System.Diagnostics;
using Krr.Api.Lookup;
using Krr.Benchmarks.Lookup;
using Krr.Grains.Lookup;
using Krr.Grains.Persons;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace Krr.Benchmarks.Memory;

/// <summary>
/// What one entry of an API process's lookup cache (<see cref="PreparedAnswers"/>) costs in the cluster shape, where
/// the process holds its own copy of each record (as Orleans deserialises it) and the bytes of each view it answered:
/// the heap delta of filling a cache with every person, each answered in one view (v2, both blocks).
/// </summary>
public static class PreparedAnswersMemory
{
    public static (string What, long Count, long HeapBytes, TimeSpan Took) Measure(BenchmarkPersons persons, IServiceProvider services)
    {
        var serializer = services.GetRequiredService<Serializer<PersonRecord>>();
        var view = new LookupView(LookupVersion.V2, Contact: true, Mailbox: true);
        var now = DateTimeOffset.UtcNow;
        var heap = MemoryBenchmark.Heap();
        var clock = Stopwatch.StartNew();
        var cache = new PreparedAnswers(persons.Records.Length);
        var sequence = 0L;
        foreach (var record in persons.Records)
        {
            var copy = serializer.Deserialize(serializer.SerializeToArray(record));
            // The key is the identifier as a request carried it: a string of its own.
            var identifier = new string(record.Identifier);
            cache.Received(identifier, new VersionedRecord(new RecordVersion(Guid.NewGuid(), ++sequence), copy)).For(identifier, view, now);
        }
        var took = clock.Elapsed;
        var bytes = MemoryBenchmark.Heap() - heap;
        GC.KeepAlive(cache);
        return ("API lookup cache entries (cluster shape: record copy + one view)", cache.Count, bytes, took);
    }
}
