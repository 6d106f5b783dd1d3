using System.Globalization;
using System.Text.Json;
using Krr.Grains.Lookup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// <c>lookup-hot</c>, <c>peer-sql</c> and <c>limit</c>, alone or together (<c>all</c>). The register and the SQL
/// peer run in the same process on the same database server, measured alternately (A B A B …, one batch size at a
/// time) so that the shared machine's noise falls on both; the table gives each side's median over the rounds. After
/// each side's round the next waits for the access log to hold every lookup answered, and that wait is reported.
/// </summary>
public static class LookupBenchmark
{

    public static async Task<int> RunAsync(string scenario, BenchmarkArguments arguments, TextWriter output)
    {
        var quick = arguments.Flag("quick");
        var count = arguments.Int("persons", quick ? 5_000 : 50_000);
        var rounds = arguments.Int("rounds", quick ? 2 : 5);
        var duration = TimeSpan.FromSeconds(arguments.Double("seconds", quick ? 2 : 5));
        var connections = arguments.Int("connections", 8);
        var maxRequests = arguments.Int("max-requests", 1_000_000);
        var results = Path.GetFullPath(arguments.Text("out", "benchmark-results"));
        Directory.CreateDirectory(results);
        // Batch sizes measured, in order; one alone (say 1) to profile a single path.
        int[] batches = [.. arguments.Text("batches", "1000,100,1").Split(',').Select(b => int.Parse(b, CultureInfo.InvariantCulture))];

        var persons = BenchmarkPersons.Create(count);
        var measurements = new List<Measurement>();
        bool? same = null;
        if (scenario is "lookup-hot" or "peer-sql" or "all")
        {
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
            await using var db = await BenchmarkDatabase.CreateAsync(loggers, arguments.Text("server", "") is { Length: > 0 } server ? server : null);
            using var issuer = new BenchmarkIssuer();
            await BenchmarkPopulation.LoadAsync(db.DataSource, persons);
            await using var register = await EmbeddedRegister.StartAsync(db.DataSource, persons, issuer);
            var sides = new List<(string Name, Uri Address)> { ("lookup-hot", register.Address) };
            var driver = new LoadDriver([.. persons.Records.Select(r => r.Identifier)], issuer.AgencyToken("991825827"));
            var log = new AccessLogCatchUp(db.DataSource);
            var postgres = await PostgresCpu.FindAsync(db.DataSource);
            async Task<Measurement> MeasureAsync(string name, Uri address, int batch, int requests, TimeSpan limit)
            {
                var mark = await log.MarkAsync();
                var cpu = postgres?.Used();
                var measured = await driver.RunAsync(name, address, batch, connections, requests, limit);
                var waited = await log.WaitAsync(mark, measured.Requests + LoadDriver.WarmRequests(connections));
                return measured with
                {
                    LogCatchUpSeconds = waited.TotalSeconds,
                    PostgresCpuMsPer1000 = postgres is null ? null : (postgres.Used() - cpu!.Value).TotalMilliseconds * 1000 / Math.Max(1, measured.Persons),
                };
            }
            // Every person active before any clock starts: a first lookup reads a person's stored state without activating
            // it, the second (within its collection age) activates it (docs/architecture.md, "Cold lookups without activation").
            async Task WarmAsync(Uri address)
            {
                for (var pass = 0; pass < 2; pass++)
                {
                    await MeasureAsync("warm", address, Math.Min(1000, count), (count + 999) / 1000, TimeSpan.FromMinutes(10));
                }
            }
            await using var peer = scenario == "lookup-hot" ? null : await PeerSqlService.StartAsync(db.DataSource, persons, issuer);
            if (peer is not null)
            {
                sides.Add(("peer-sql", peer.Address));
            }
            await using var cluster = scenario == "all" || arguments.Flag("cluster") ? await ClusterRegister.StartAsync(db.DataSource, persons, issuer) : null;
            if (cluster is not null)
            {
                sides.Add(("lookup-cluster", cluster.Address));
                await WarmAsync(cluster.Address);
            }
            await WarmAsync(register.Address);
            await Console.Error.WriteLineAsync($"lookup-hot: {register.Services.GetRequiredService<ActivePersons>().Count:N0} of {count:N0} persons active after warming");
            if (peer is not null)
            {
                same = await driver.SameAnswerAsync(register.Address, peer.Address, Math.Min(1000, count))
                    && (cluster is null || await driver.SameAnswerAsync(cluster.Address, peer.Address, Math.Min(1000, count)));
            }
            for (var round = 0; round < rounds; round++)
            {
                foreach (var batch in batches)
                {
                    foreach (var (name, address) in sides)
                    {
                        measurements.Add(await MeasureAsync(name, address, Math.Min(batch, count), maxRequests, duration));
                    }
                }
            }
        }
        if (scenario is "limit" or "all")
        {
            for (var round = 0; round < rounds; round++)
            {
                measurements.AddRange(batches.Select(batch => LimitBenchmark.Run(persons, Math.Min(batch, count), maxRequests, duration)));
            }
        }

        var medians = measurements.GroupBy(m => (m.Side, m.Batch)).Select(g => Measurement.Median(g.ToList())).ToList();
        output.WriteLine($"## {scenario}{(quick ? " --quick" : "")}: {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {count:N0} persons, {rounds} rounds of {duration.TotalSeconds:0.#} s, {connections} connections");
        output.WriteLine();
        output.WriteLine("| side | batch | persons/s (median) | p50 ms | p99 ms | p99.9 ms | requests (all rounds) | vs peer-sql | vs limit | log catch-up s | sustained persons/s | sustained vs peer-sql | PostgreSQL CPU ms per 1000 persons |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var m in medians.OrderBy(m => m.Side).ThenByDescending(m => m.Batch))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Side} | {m.Batch} | {m.PersonsPerSecond:N0} | {m.P50Ms:F2} | {m.P99Ms:F2} | {m.P999Ms:F2} | {m.Requests:N0} | {Ratio(m, medians, "peer-sql")} | {Ratio(m, medians, "limit")} | {m.LogCatchUpSeconds:F2} | {m.SustainedPersonsPerSecond:N0} | {Ratio(m, medians, "peer-sql", sustained: true)} | {m.PostgresCpuMsPer1000?.ToString("F1", CultureInfo.InvariantCulture) ?? "–"} |"));
        }
        if (same is { } identical)
        {
            output.WriteLine();
            output.WriteLine($"The register (in each shape measured) and the SQL peer answer a {Math.Min(1000, count)}-person batch with {(identical ? "byte-identical" : "DIFFERENT")} JSON.");
        }
        var file = Path.Combine(results, $"{scenario}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { scenario, quick, sameAnswer = same, date = DateTime.UtcNow, cores = Environment.ProcessorCount, serverGc = System.Runtime.GCSettings.IsServerGC, persons = count, rounds, connections, medians, measurements }, new JsonSerializerOptions { WriteIndented = true }));
        output.WriteLine();
        output.WriteLine($"JSON: {file}");
        return 0;
    }

    private static string Ratio(Measurement m, List<Measurement> medians, string other, bool sustained = false) =>
        m.Side != other && medians.FirstOrDefault(o => o.Side == other && o.Batch == m.Batch) is { } o
            ? (sustained ? m.SustainedPersonsPerSecond / o.SustainedPersonsPerSecond : m.PersonsPerSecond / o.PersonsPerSecond).ToString("F2", CultureInfo.InvariantCulture) + "×"
            : "";
}
