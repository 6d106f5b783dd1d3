using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Krr.Benchmarks.Lookup;
using Krr.Grains.Persons;
using Krr.Hosting;

namespace Krr.Benchmarks.Writes;

/// <summary>
/// <c>writes</c>: citizens changing their mobile number or e-mail address on PostgreSQL, through the person grains of
/// the embedded register (the write path below the HTTP layer: the person's store, the contact value grains'
/// owner sets and the co-owners' duplicate flags, all before the write returns). Values are drawn from a pool half
/// the size of the population, so writes often take a value another person holds and flip that person's flag.
/// Beside the load, a checker makes two reserved persons share a fresh value and looks both up over HTTP at once,
/// then moves one away and looks the other up: every such lookup must already show the flag (zero delay).
/// </summary>
public static class WritesBenchmark
{
    public static async Task<int> RunAsync(BenchmarkArguments arguments, TextWriter output)
    {
        var quick = arguments.Flag("quick");
        var count = arguments.Int("persons", quick ? 2_000 : 100_000);
        var writers = arguments.Int("writers", 32);
        var duration = TimeSpan.FromSeconds(arguments.Double("seconds", quick ? 2 : 20));
        var maxWrites = arguments.Int("max-requests", 1_000_000);
        var rounds = arguments.Int("write-rounds", 1);
        var settlePasses = arguments.Int("settle-passes", quick ? 0 : 6);
        // Krr:Storage:CoalesceWrites per side; "both" alternates the ADO.NET provider alone and the coalesced writes.
        string[] sides = arguments.Text("coalesce", "on") switch
        {
            "both" => ["off", "on"],
            "off" => ["off"],
            _ => ["on"],
        };
        var results = Path.GetFullPath(arguments.Text("out", "benchmark-results"));
        Directory.CreateDirectory(results);

        await using var loaded = await LoadedRegister.StartAsync(arguments, count);
        var settled = await JitSettling.SettleAsync(settlePasses, pass =>
            MeasureAsync(loaded, "settling", writers, TimeSpan.FromSeconds(Math.Min(10, duration.TotalSeconds)), maxWrites, rounds * sides.Length + pass, mark: false));
        if (settled.Count > 0)
        {
            // Nothing active again for the measured round, on the same host: a new one would bring its own start-up
            // code (its container's resolvers, its endpoints) back to the JIT.
            await loaded.Register.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
            await Console.Error.WriteLineAsync($"writes: settled over {settled.Count} unmeasured round(s); methods the JIT compiled in each: {string.Join(", ", settled)}");
        }
        var measured = new List<(Measurement Writes, int Checks, int Stale, double CpuMs, double AllocatedKb)>();
        for (var round = 0; round < rounds; round++)
        {
            foreach (var side in sides)
            {
                if (measured.Count > 0 || side != "on")
                {
                    await loaded.RestartAsync([new(KrrConfigurationKeys.StorageCoalesceWrites, side == "on" ? "true" : "false")]);
                }
                measured.Add(await MeasureAsync(loaded, $"coalesce {side}", writers, duration, maxWrites, measured.Count));
            }
        }

        output.WriteLine($"## writes{(quick ? " --quick" : "")}: {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {count:N0} persons, {writers} writers, {rounds} round(s) of {duration.TotalSeconds:0.#} s per side");
        output.WriteLine();
        output.WriteLine("| side | updates (all rounds) | updates/s (median) | p50 ms | p99 ms | p99.9 ms | register CPU ms per update (median) | allocated KB per update (median) | flag checks (lookup right after the write) | stale answers |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        var medians = measured.GroupBy(m => m.Writes.Side).Select(g => (
            Writes: Measurement.Median([.. g.Select(m => m.Writes)]),
            CpuMs: g.Select(m => m.CpuMs).Order().ElementAt(g.Count() / 2),
            AllocatedKb: g.Select(m => m.AllocatedKb).Order().ElementAt(g.Count() / 2),
            Checks: g.Sum(m => m.Checks),
            Stale: g.Sum(m => m.Stale))).ToList();
        foreach (var (m, cpuMs, allocatedKb, checks, stale) in medians)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Side} | {m.Requests:N0} | {m.PersonsPerSecond:N0} | {m.P50Ms:F2} | {m.P99Ms:F2} | {m.P999Ms:F2} | {cpuMs:F2} | {allocatedKb:F1} | {checks:N0} | {stale:N0} |"));
        }
        if (medians.Count == 2)
        {
            output.WriteLine();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Coalesced vs one statement per write: {medians[1].Writes.PersonsPerSecond / medians[0].Writes.PersonsPerSecond:F2}× the updates/s. Rounds: {string.Join(", ", measured.Select(m => $"{m.Writes.Side} {m.Writes.PersonsPerSecond:N0}"))}."));
        }
        var writes = medians[^1].Writes;
        var totalChecks = measured.Sum(m => m.Checks);
        var totalStale = measured.Sum(m => m.Stale);
        var file = Path.Combine(results, "writes.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(
            new { scenario = "writes", quick, date = DateTime.UtcNow, cores = Environment.ProcessorCount, persons = count, writers, writes, flagChecks = totalChecks, staleAnswers = totalStale, medians = medians.Select(m => m.Writes), rounds = measured.Select(m => m.Writes) },
            new JsonSerializerOptions { WriteIndented = true }));
        output.WriteLine();
        output.WriteLine($"JSON: {file}");
        return totalStale == 0 ? 0 : 1;
    }

    /// <summary>
    /// One timed load of <paramref name="writers"/> concurrent writers beside the flag checker, on a fresh register;
    /// <paramref name="run"/> numbers the runs on one database (their values must not meet), and <paramref name="mark"/>
    /// says whether to mark its start for a profiler.
    /// </summary>
    private static async Task<(Measurement Writes, int Checks, int Stale, double CpuMs, double AllocatedKb)> MeasureAsync(
        LoadedRegister loaded, string side, int writers, TimeSpan duration, int maxWrites, int run, bool mark = true)
    {
        var (register, issuer, persons) = (loaded.Register, loaded.Issuer, loaded.Persons);
        await BenchmarkPopulation.ActivateAsync(register.Grains, persons);

        // The checker's pairs are kept out of the load, so only the checker changes them.
        var pairs = Math.Max(1, Math.Min(100, persons.Records.Length / 20));
        var written = persons.Records.Length - 2 * pairs;
        var pool = Math.Max(1, written / 2);
        var latencies = new List<long>[writers];
        var issued = 0;
        // The register's process (silo, API and this driver); PostgreSQL's CPU is its own process's.
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var allocated = GC.GetTotalAllocatedBytes();
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
        // A mark for a profiler or a statistics snapshot attached from outside: activation is done, the load starts.
        if (mark)
        {
            await Console.Error.WriteLineAsync($"writes: {side}: load started ({writers} writers, {duration.TotalSeconds:0.#} s)");
        }
        var clock = Stopwatch.StartNew();
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var random = new Random(w + 1000 * run);
            var mine = latencies[w] = [];
            while (Interlocked.Increment(ref issued) <= maxWrites && clock.Elapsed < duration)
            {
                var person = register.Grains.GetPerson(persons.Records[random.Next(written)].Identifier);
                var value = random.Next(pool);
                var started = Stopwatch.GetTimestamp();
                if (random.Next(2) == 0)
                {
                    var mobile = $"+4792{value:D6}";
                    await person.SetContactAsync(ContactChannel.Mobile, new ContactValue(mobile, mobile));
                }
                else
                {
                    var email = $"skriv{value}@bench.no";
                    await person.SetContactAsync(ContactChannel.Email, new ContactValue(email, email));
                }
                mine.Add(Stopwatch.GetTimestamp() - started);
            }
        }));
        var load = writing.ContinueWith(_ => clock.Elapsed, TaskScheduler.Default);
        var (checks, stale) = await CheckFlagsAsync(register, issuer, persons, written, pairs, 100_000 * run, () => load.IsCompleted);
        await writing;
        var elapsed = await load;
        var updates = latencies.Sum(l => l.Count);
        if (mark)
        {
            await Console.Error.WriteLineAsync($"writes: {side}: the JIT compiled {System.Runtime.JitInfo.GetCompiledMethodCount() - jitted:N0} methods during the round");
        }
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Math.Max(1, updates);
        // The whole process's allocations (the checker's lookups too), like the CPU above: what the collector has to clear per change.
        var allocatedKb = (GC.GetTotalAllocatedBytes() - allocated) / 1024.0 / Math.Max(1, updates);
        return (Measurement.From(side, 1, writers, [.. latencies.SelectMany(l => l)], updates, elapsed), checks, stale, cpuMs, allocatedKb);
    }

    /// <summary>
    /// Until <paramref name="done"/> (at least one round): per pair, both take a fresh mobile number and are looked up
    /// (both must be flagged), then the first moves away and the second is looked up (no longer flagged). Numbers
    /// count on from <paramref name="round"/>, so a later run on the same database never reuses one.
    /// </summary>
    private static async Task<(int Checks, int Stale)> CheckFlagsAsync(
        EmbeddedRegister register, BenchmarkIssuer issuer, BenchmarkPersons persons, int first, int pairs, int round, Func<bool> done)
    {
        using var http = new HttpClient { BaseAddress = register.Address };
        var token = issuer.AgencyToken("991825827");
        int checks = 0, stale = 0;
        do
        {
            for (var p = 0; p < pairs; p++, round++)
            {
                var a = persons.Records[first + 2 * p].Identifier;
                var b = persons.Records[first + 2 * p + 1].Identifier;
                var shared = $"+4793{round % 1_000_000:D6}";
                await register.Grains.GetPerson(a).SetContactAsync(ContactChannel.Mobile, new ContactValue(shared, shared));
                await register.Grains.GetPerson(b).SetContactAsync(ContactChannel.Mobile, new ContactValue(shared, shared));
                var both = await FlagsAsync(http, token, a, b);
                checks += 2;
                stale += both.Count(f => f != "JA");
                var away = $"+4794{round % 1_000_000:D6}";
                await register.Grains.GetPerson(a).SetContactAsync(ContactChannel.Mobile, new ContactValue(away, away));
                checks++;
                stale += (await FlagsAsync(http, token, b))[0] == "NEI" ? 0 : 1;
            }
        }
        while (!done());
        return (checks, stale);
    }

    private static async Task<string?[]> FlagsAsync(HttpClient http, string token, params string[] identifiers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rest/v2/personer")
        {
            Content = new StringContent(JsonSerializer.Serialize(new { personidentifikatorer = identifiers }), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["personer"]!.AsArray();
        return [.. answer.Select(p => (string?)p!["kontaktinformasjon"]?["mobiltelefonnummer_duplisert"])];
    }
}
