using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Krr.Grains.Lookup;
using Krr.Grains.Population;
using Krr.Grains.Statistics;
using Krr.Hosting.Population;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// <c>lookup-cold</c>: a freshly started cluster (one <c>Krr.Silo</c> and one <c>Krr.Api</c> process, nothing active) over
/// a generated population looks every registered person up exactly once, in batches of 1000 over HTTP. It prints the
/// persons per second, the total time, each process's peak memory and what the database did per person.
/// The population is generated as <c>Krr.Silo generate</c> loads it (<see cref="PopulationBulkLoader"/>), into a fresh
/// database per run, or once into the database <c>--database</c> names, which is kept for the next run.
/// </summary>
public static class LookupColdBenchmark
{
    public static async Task<int> RunAsync(BenchmarkArguments arguments, TextWriter output)
    {
        var quick = arguments.Flag("quick");
        var residents = arguments.Int("residents", quick ? 2_000 : 50_000);
        var batch = arguments.Int("batch", LookupGrain.MaxBatchSize);
        var connections = arguments.Int("connections", 8);
        var siloMemory = arguments.Int("silo-memory", 0);
        var spinLimit = arguments.Text("spin-limit", "");
        var siloServerGc = arguments.Flag("silo-server-gc");
        var databaseName = arguments.Text("database", "");
        var limit = arguments.Int("limit", int.MaxValue);
        var server = arguments.Text("server", "") is { Length: > 0 } s ? s : null;
        var results = Path.GetFullPath(arguments.Text("out", "benchmark-results"));
        Directory.CreateDirectory(results);

        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        await using var db = databaseName.Length > 0
            ? await BenchmarkDatabase.OpenAsync(loggers, server, databaseName, keep: true)
            : await BenchmarkDatabase.CreateAsync(loggers, server);
        var population = await EnsurePopulationAsync(db.DataSource, residents);
        var identifiers = await RegisteredAsync(db.DataSource, limit);
        await DatabaseActivity.EnableStatementStatisticsAsync(db.DataSource);
        var postmaster = await PostmasterAsync(db.DataSource);

        using var issuer = new BenchmarkIssuer();
        // The collector logs each round of shedding and idle collection at Information, which the table counts.
        var siloEnvironment = new Dictionary<string, string> { ["Logging__LogLevel__Orleans.Runtime.ActivationCollector"] = "Information" };
        if (siloMemory > 0)
        {
            // A heap limit is what the silo's activation shedding measures memory against (docs/architecture.md).
            siloEnvironment["DOTNET_GCHeapHardLimit"] = "0x" + (siloMemory * 1024L * 1024L).ToString("X", CultureInfo.InvariantCulture);
        }
        // The cheap levers of docs/benchmarks.md: thread pool workers that do not spin for work (the cores are shared), server GC.
        var apiEnvironment = new Dictionary<string, string>();
        if (spinLimit.Length > 0)
        {
            siloEnvironment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = apiEnvironment["DOTNET_ThreadPool_UnfairSemaphoreSpinLimit"] = spinLimit;
        }
        if (siloServerGc)
        {
            siloEnvironment["DOTNET_gcServer"] = "1";
        }
        var cluster = await ClusterRegister.StartAsync(db.DataSource, null, issuer, siloEnvironment, apiEnvironment);
        Measurement sweep;
        bool sameAnswer;
        int answered, registered;
        IReadOnlyDictionary<string, long?> peaks;
        DatabaseActivity before;
        Collections collections;
        string loadAverage;
        try
        {
            await Console.Error.WriteLineAsync($"lookup-cold: {identifiers.Length:N0} registered of {population:N0} residents; silo pid {cluster.Silo.Id}, api pid {cluster.Api.Id}");
            var driver = new LoadDriver(identifiers, issuer.AgencyToken("991825827"));
            before = await DatabaseActivity.SnapshotAsync(db.DataSource);
            await using var sampler = MemorySampler.Start(
            [
                ("Krr.Silo", () => MemorySampler.ResidentBytes(cluster.Silo.Id)),
                ("Krr.Api", () => MemorySampler.ResidentBytes(cluster.Api.Id)),
                ("load driver (this process)", () => MemorySampler.ResidentBytes(Environment.ProcessId)),
                ("PostgreSQL (all backends, PSS)", () => postmaster is { } pid ? MemorySampler.PostgresBytes(pid) : null),
            ], TimeSpan.FromSeconds(1));
            byte[] first;
            try
            {
                (sweep, first) = await driver.SweepAsync("lookup-cold", cluster.Address, batch, connections,
                    (persons, elapsed) => Console.Error.WriteLine(
                        $"lookup-cold: {persons:N0}/{identifiers.Length:N0} persons in {elapsed:mm\\:ss} ({persons / elapsed.TotalSeconds:N0}/s)"));
            }
            catch (Exception exception) when (exception is HttpRequestException or IOException or TaskCanceledException)
            {
                var siloLog = Path.Combine(results, "lookup-cold-silo.log");
                var apiLog = Path.Combine(results, "lookup-cold-api.log");
                await File.WriteAllTextAsync(siloLog, cluster.Silo.Output);
                await File.WriteAllTextAsync(apiLog, cluster.Api.Output);
                await Console.Error.WriteLineAsync($"lookup-cold: the sweep failed ({exception.GetType().Name}); the silo's output is in {siloLog}, the API's in {apiLog}");
                throw;
            }
            // The machine is shared: what else ran during the sweep (the 15-minute figure covers most of a national one).
            loadAverage = LoadAverage.Now();
            var again = await driver.AnswerAsync(cluster.Address, 0, batch);
            sameAnswer = first.AsSpan().SequenceEqual(again);
            (answered, registered) = Registered(first);
            peaks = await sampler.StopAsync();
            collections = Collections.Count(cluster.Silo.Output);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
        // Backends report their table counters when their clients disconnect.
        NpgsqlConnection.ClearAllPools();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var activity = (await DatabaseActivity.SnapshotAsync(db.DataSource)).Since(before);

        var persons = (double)sweep.Persons;
        var levers = string.Join("", new[]
        {
            siloMemory > 0 ? $", silo heap limit {siloMemory:N0} MB" : "",
            spinLimit.Length > 0 ? $", thread pool spin limit {spinLimit}" : "",
            siloServerGc ? ", silo on server GC" : "",
        });
        output.WriteLine($"## lookup-cold{(quick ? " --quick" : "")}: {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {identifiers.Length:N0} registered of {population:N0} residents, batches of {batch}, {connections} connections{levers}");
        output.WriteLine();
        output.WriteLine("| measure | value |");
        output.WriteLine("|---|---|");
        output.WriteLine(Row(limit == int.MaxValue ? "persons swept (every registered person once)" : $"persons swept (the first {limit:N0} registered, once)",
            $"{sweep.Persons:N0} in {sweep.Requests:N0} requests"));
        output.WriteLine(Row("total time", $"{TimeSpan.FromSeconds(sweep.Seconds):hh\\:mm\\:ss\\.f} ({sweep.Seconds:N1} s)"));
        output.WriteLine(Row("persons/s", $"{sweep.PersonsPerSecond:N0}"));
        output.WriteLine(Row("load average when the sweep ended (1 / 5 / 15 min)", loadAverage));
        output.WriteLine(Row("request p50 / p99 / p99.9 ms", $"{sweep.P50Ms:F1} / {sweep.P99Ms:F1} / {sweep.P999Ms:F1}"));
        foreach (var (name, bytes) in peaks)
        {
            output.WriteLine(Row($"peak memory: {name}", bytes is { } b ? $"{b / (1024.0 * 1024.0):N0} MB" : "n/a"));
        }
        output.WriteLine(Row("grain state reads (SELECTs on krr_grain_state) per person", PerPerson(activity.StateReads, persons, "F4")));
        output.WriteLine(Row("grain state rows read per person", PerPerson(activity.StateRowsRead, persons, "F3")));
        output.WriteLine(Row("statements per person (all, in the register's database)", PerPerson(activity.Statements, persons, "F3")));
        output.WriteLine(Row("krr_grain_state scans per person (pg_stat_user_tables)", PerPerson(activity.StateScans, persons, "F3")));
        output.WriteLine(Row("transactions per person (pg_stat_database)", PerPerson(activity.Transactions, persons, "F3")));
        output.WriteLine(Row("rounds of shedding on memory pressure (silo log)", $"{collections.Shedding:N0}"));
        output.WriteLine(Row("collections and activations deactivated by them (idle and shedding, silo log)", $"{collections.Rounds:N0}, {collections.Deactivated:N0}"));
        output.WriteLine(Row("first batch: registered in the cold answer", $"{registered:N0} of {answered:N0}"));
        output.WriteLine();
        output.WriteLine($"The first batch's cold answer and its answer after the sweep are {(sameAnswer ? "byte-identical" : "DIFFERENT")}.");
        var file = Path.Combine(results, "lookup-cold.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new
        {
            scenario = "lookup-cold", quick, date = DateTime.UtcNow, cores = Environment.ProcessorCount, residents = population,
            registered = identifiers.Length, batch, connections, siloMemoryMb = siloMemory, spinLimit, siloServerGc, sweep, personsPerSecond = sweep.PersonsPerSecond,
            peakBytes = peaks, database = activity, collections, loadAverage, sameAnswer, firstBatch = new { answered, registered },
        }, new JsonSerializerOptions { WriteIndented = true }));
        output.WriteLine();
        output.WriteLine($"JSON: {file}");
        return sameAnswer && registered == answered ? 0 : 1;
    }

    /// <summary>Residents in the database; when it has none, <paramref name="residents"/> are generated and loaded first.</summary>
    private static async Task<long> EnsurePopulationAsync(NpgsqlDataSource dataSource, int residents)
    {
        await using (var count = dataSource.CreateCommand("SELECT count(*) FROM krr_population"))
        {
            if ((long)(await count.ExecuteScalarAsync())! is var existing and > 0)
            {
                return existing;
            }
        }
        using var table = File.OpenText(RepositoryPaths.File("Krr.Api", "DemoData", "age-distribution.csv"));
        var now = DateTimeOffset.UtcNow;
        var settings = new PopulationSettings
        {
            Residents = residents,
            Distribution = AgeDistribution.Parse(table),
            Today = DateOnly.FromDateTime(now.UtcDateTime),
            Now = now,
        };
        var clock = Stopwatch.StartNew();
        var loaded = await PopulationBulkLoader.LoadAsync(dataSource, BenchmarkPopulation.ServiceId, PopulationGenerator.Generate(settings),
            count => Console.Error.Write($"\rlookup-cold: generated {count:N0}/{residents:N0} residents in {clock.Elapsed:mm\\:ss}"), CancellationToken.None);
        await Console.Error.WriteLineAsync();
        // Planner statistics for the freshly loaded tables, as autovacuum would gather them later.
        await using (var analyze = dataSource.CreateCommand("ANALYZE"))
        {
            analyze.CommandTimeout = 0;
            await analyze.ExecuteNonQueryAsync();
        }
        return loaded;
    }

    /// <summary>
    /// Everyone with a KRR record, in identifier order (which is not the order of their rows), or the first
    /// <paramref name="limit"/> of them for a shorter run.
    /// </summary>
    private static async Task<string[]> RegisteredAsync(NpgsqlDataSource dataSource, int limit)
    {
        var identifiers = new List<string>();
        await using var select = dataSource.CreateCommand("SELECT identifier FROM krr_population WHERE krr_status IS NOT NULL ORDER BY identifier LIMIT $1");
        select.Parameters.Add(new NpgsqlParameter { Value = (long)limit });
        select.CommandTimeout = 0;
        await using var reader = await select.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            identifiers.Add(reader.GetString(0));
        }
        return [.. identifiers];
    }

    /// <summary>The database server's main process, when it runs on this machine (the parent of a backend).</summary>
    private static async Task<int?> PostmasterAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_backend_pid()");
        var backend = (int)(await command.ExecuteScalarAsync())!;
        return MemorySampler.IsPostgres(backend) ? MemorySampler.ParentOf(backend) : null;
    }

    /// <summary>The persons in a lookup answer and how many of them have a KRR record (status other than IKKE_REGISTRERT).</summary>
    private static (int Answered, int Registered) Registered(byte[] answer)
    {
        using var document = JsonDocument.Parse(answer);
        var persons = document.RootElement.GetProperty("personer");
        return (persons.GetArrayLength(), persons.EnumerateArray().Count(p => p.GetProperty("status").GetString() != "IKKE_REGISTRERT"));
    }

    private static string PerPerson(long? count, double persons, string format) =>
        count is { } c ? string.Create(CultureInfo.InvariantCulture, $"{(c / persons).ToString(format, CultureInfo.InvariantCulture)} ({c:N0})") : "n/a (no pg_stat_statements)";

    private static string Row(string measure, string value) => $"| {measure} | {value} |";

    /// <summary>What the silo's activation collector logged: rounds of shedding on memory pressure, and every collection's deactivations.</summary>
    private sealed record Collections(int Shedding, int Rounds, long Deactivated)
    {
        private static readonly Regex Deactivating = new(@"Deactivating '(\d+)' idle activations");

        public static Collections Count(string siloOutput)
        {
            var rounds = Deactivating.Matches(siloOutput);
            return new Collections(
                Regex.Count(siloOutput, "High memory pressure detected"),
                rounds.Count,
                rounds.Sum(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)));
        }
    }
}
