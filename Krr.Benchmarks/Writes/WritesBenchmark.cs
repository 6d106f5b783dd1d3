using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Krr.Benchmarks.Lookup;
using Krr.Grains.Persons;

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
        var results = Path.GetFullPath(arguments.Text("out", "benchmark-results"));
        Directory.CreateDirectory(results);

        await using var loaded = await LoadedRegister.StartAsync(arguments, count);
        var (register, issuer, persons) = (loaded.Register, loaded.Issuer, loaded.Persons);
        await BenchmarkPopulation.ActivateAsync(register.Grains, persons);

        // The checker's pairs are kept out of the load, so only the checker changes them.
        var pairs = Math.Max(1, Math.Min(100, count / 20));
        var written = persons.Records.Length - 2 * pairs;
        var pool = Math.Max(1, written / 2);
        var latencies = new List<long>[writers];
        var issued = 0;
        var clock = Stopwatch.StartNew();
        var writing = Task.WhenAll(Enumerable.Range(0, writers).Select(async w =>
        {
            var random = new Random(w);
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
        var (checks, stale) = await CheckFlagsAsync(register, issuer, persons, written, pairs, () => load.IsCompleted);
        await writing;
        var elapsed = await load;
        var writes = Measurement.From("writes", 1, writers, [.. latencies.SelectMany(l => l)], latencies.Sum(l => l.Count), elapsed);

        output.WriteLine($"## writes{(quick ? " --quick" : "")}: {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {count:N0} persons, {writers} writers, {elapsed.TotalSeconds:0.#} s");
        output.WriteLine();
        output.WriteLine("| updates | updates/s | p50 ms | p99 ms | p99.9 ms | flag checks (lookup right after the write) | stale answers |");
        output.WriteLine("|---|---|---|---|---|---|---|");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {writes.Requests:N0} | {writes.PersonsPerSecond:N0} | {writes.P50Ms:F2} | {writes.P99Ms:F2} | {writes.P999Ms:F2} | {checks:N0} | {stale:N0} |"));
        var file = Path.Combine(results, "writes.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(
            new { scenario = "writes", quick, date = DateTime.UtcNow, cores = Environment.ProcessorCount, persons = count, writers, writes, flagChecks = checks, staleAnswers = stale },
            new JsonSerializerOptions { WriteIndented = true }));
        output.WriteLine();
        output.WriteLine($"JSON: {file}");
        return stale == 0 ? 0 : 1;
    }

    /// <summary>
    /// Until <paramref name="done"/> (at least one round): per pair, both take a fresh mobile number and are looked up
    /// (both must be flagged), then the first moves away and the second is looked up (no longer flagged).
    /// </summary>
    private static async Task<(int Checks, int Stale)> CheckFlagsAsync(
        EmbeddedRegister register, BenchmarkIssuer issuer, BenchmarkPersons persons, int first, int pairs, Func<bool> done)
    {
        using var http = new HttpClient { BaseAddress = register.Address };
        var token = issuer.AgencyToken("991825827");
        int checks = 0, stale = 0, round = 0;
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
