using System.Diagnostics;
using System.Text.Json;
using Krr.Api.Lookup;
using Krr.Grains.Persons;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// The ceiling: the same answers built from an in-memory dictionary with the product's projection and serialiser,
/// in-process, no HTTP, no silo, no database; one loop per core.
/// </summary>
public static class LimitBenchmark
{
    public static Measurement Run(BenchmarkPersons persons, int batch, int maxRequests, TimeSpan duration)
    {
        var records = persons.Records.ToDictionary(r => r.Identifier, StringComparer.Ordinal);
        var certificates = new Dictionary<string, string> { [BenchmarkPersons.ProviderOrg] = persons.Certificate };
        var identifiers = persons.Records.Select(r => r.Identifier).ToArray();
        var view = new LookupView(LookupVersion.V2, Contact: true, Mailbox: true);
        var workers = Environment.ProcessorCount;
        var latencies = new List<long>[workers];
        var issued = 0;
        long lookedUp = 0;
        var clock = Stopwatch.StartNew();
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            var mine = latencies[w] = [];
            int n;
            while ((n = Interlocked.Increment(ref issued)) <= maxRequests && clock.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                var offset = n * batch % Math.Max(1, identifiers.Length - batch + 1);
                var answer = new PersonResponse[batch];
                var now = DateTimeOffset.UtcNow;
                for (var i = 0; i < batch; i++)
                {
                    var identifier = identifiers[offset + i];
                    answer[i] = PersonProjection.Project(identifier, records.GetValueOrDefault(identifier), view, now, certificates);
                }
                GC.KeepAlive(JsonSerializer.SerializeToUtf8Bytes(new LookupResponse(answer), LookupJsonContext.Wire.LookupResponse));
                mine.Add(Stopwatch.GetTimestamp() - started);
                Interlocked.Add(ref lookedUp, batch);
            }
        });
        return Measurement.From("limit", batch, workers, [.. latencies.SelectMany(l => l)], lookedUp, clock.Elapsed);
    }
}
