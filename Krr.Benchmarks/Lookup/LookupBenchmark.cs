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
/// The load comes from a driver process of its own by default (<see cref="ChildLoadDriver"/>, <c>--driver</c>), and
/// only the register's shapes named in <c>--shapes</c> are started.
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
        var offered = OfferedLoad.Parse(arguments.Text("rate", ""));
        var settlePasses = arguments.Int("settle-passes", quick ? 1 : 8);

        // The register's shapes measured: the embedded one (API and silo in this process), the cluster one (a silo and an
        // API process), or both, alternated; a shape not named is not started, so it takes nothing from the one measured.
        string[] shapes = arguments.Text("shapes", scenario == "all" || arguments.Flag("cluster") ? "embedded,cluster" : "embedded").Split(',');
        if (shapes.Length == 0 || shapes.Any(s => s is not ("embedded" or "cluster")))
        {
            throw new ArgumentException($"--shapes: '{string.Join(',', shapes)}' is not embedded, cluster or embedded,cluster");
        }
        // Where the load comes from: a process of its own (the default: the client's threads, timers and collections are
        // not the server's), this process (as before 2026-12-02), or both, alternated per side.
        string[] drivers = arguments.Text("driver", ChildLoadDriver.Name) switch
        {
            ChildLoadDriver.Name => [ChildLoadDriver.Name],
            LoadDriver.InProcess => [LoadDriver.InProcess],
            "both" => [LoadDriver.InProcess, ChildLoadDriver.Name],
            var other => throw new ArgumentException($"--driver: '{other}' is not child, in-process or both"),
        };

        var persons = BenchmarkPersons.Create(count);
        var measurements = new List<Measurement>();
        bool? same = null;
        if (scenario is "lookup-hot" or "peer-sql" or "all")
        {
            using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
            await using var db = await BenchmarkDatabase.CreateAsync(loggers, arguments.Text("server", "") is { Length: > 0 } server ? server : null);
            using var issuer = new BenchmarkIssuer();
            await BenchmarkPopulation.LoadAsync(db.DataSource, persons);
            await using var register = shapes.Contains("embedded") ? await EmbeddedRegister.StartAsync(db.DataSource, persons, issuer) : null;
            string[] identifiers = [.. persons.Records.Select(r => r.Identifier)];
            var token = issuer.AgencyToken("991825827");
            var inProcess = new LoadDriver(identifiers, token);
            await using var child = drivers.Contains(ChildLoadDriver.Name) ? await ChildLoadDriver.StartAsync(identifiers, token, arguments.Text("driver-nice", "") is { Length: > 0 } nice ? int.Parse(nice, CultureInfo.InvariantCulture) : null) : null;
            ILoadDriver Driver(string name) => name == ChildLoadDriver.Name ? child! : inProcess;
            var log = new AccessLogCatchUp(db.DataSource);
            var samplePostgres = arguments.Flag("sample-postgres");
            if (samplePostgres)
            {
                await AccessLogIndexTimeline.PrepareAsync(db.DataSource);
            }
            var postgres = await PostgresCpu.FindAsync(db.DataSource);
            async Task<Measurement> MeasureAsync(ILoadDriver driver, string name, Uri address, int batch, int requests, TimeSpan limit, double? requestsPerSecond = null)
            {
                var mark = await log.MarkAsync();
                var cpu = postgres?.Used();
                Measurement measured;
                await using (var timeline = samplePostgres && name != "warm" ? AccessLogIndexTimeline.Start(db.DataSource, postgres) : null)
                using (var server = ServerLatency.Listen())
                {
                    measured = await driver.RunAsync(name, address, batch, connections, requests, limit, requestsPerSecond);
                    measured = measured with { Server = server.Result(), PendingList = timeline is null ? null : await timeline.AgainstAsync(measured.Windows!), Windows = null };
                }
                // The floor's requests look nobody up, so there is no log to wait for.
                var waited = name == LoadDriver.FloorSide ? TimeSpan.Zero : await log.WaitAsync(mark, measured.Requests + LoadDriver.WarmRequests(connections));
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
                    await MeasureAsync(inProcess, "warm", address, Math.Min(1000, count), (count + 999) / 1000, TimeSpan.FromMinutes(10));
                }
            }
            await using var peer = scenario == "lookup-hot" ? null : await PeerSqlService.StartAsync(db.DataSource, persons, issuer);
            await using var cluster = shapes.Contains("cluster") ? await ClusterRegister.StartAsync(db.DataSource, persons, issuer) : null;
            var sides = new List<(string Name, Uri Address)>();
            if (register is not null)
            {
                sides.Add(("lookup-hot", register.Address));
            }
            if (arguments.Flag("floor"))
            {
                // The first shape's host's HTTP path with nothing behind it, alternated with the lookups: the floor their latency stands on.
                sides.Add((LoadDriver.FloorSide, register?.Address ?? cluster!.Address));
            }
            if (peer is not null)
            {
                sides.Add(("peer-sql", peer.Address));
            }
            if (cluster is not null)
            {
                sides.Add(("lookup-cluster", cluster.Address));
                await WarmAsync(cluster.Address);
            }
            if (register is not null)
            {
                await WarmAsync(register.Address);
                await Console.Error.WriteLineAsync($"lookup-hot: {register.Services.GetRequiredService<ActivePersons>().Count:N0} of {count:N0} persons active after warming");
            }
            async Task SettleAsync()
            {
                var compiled = await JitSettling.SettleAsync(settlePasses, async _ =>
                {
                    foreach (var batch in batches)
                    {
                        foreach (var (name, address) in sides)
                        {
                            foreach (var driver in drivers)
                            {
                                await Driver(driver).RunAsync(name, address, name == LoadDriver.FloorSide ? 1 : Math.Min(batch, count), connections, maxRequests, duration);
                            }
                        }
                    }
                });
                await Console.Error.WriteLineAsync($"lookup-hot: settled over {compiled.Count} unmeasured pass(es) of every side and batch size; methods the JIT compiled in each: {string.Join(", ", compiled)}");
            }
            if (peer is not null)
            {
                var shaped = new[] { register?.Address, cluster?.Address }.OfType<Uri>();
                same = true;
                foreach (var address in shaped)
                {
                    same &= await inProcess.SameAnswerAsync(address, peer.Address, Math.Min(1000, count));
                }
            }
            await SettleAsync();
            for (var round = 0; round < rounds; round++)
            {
                foreach (var batch in batches)
                {
                    foreach (var (name, address) in sides)
                    {
                        foreach (var driver in drivers)
                        {
                            if (name == LoadDriver.FloorSide)
                            {
                                // One request a person's worth: measured once a round, in its first batch size's turn.
                                if (batch == batches[0])
                                {
                                    measurements.Add(await MeasureAsync(Driver(driver), name, address, 1, maxRequests, duration, offered.RequestsPerSecond(1)));
                                }
                                continue;
                            }
                            measurements.Add(await MeasureAsync(Driver(driver), name, address, Math.Min(batch, count), maxRequests, duration, offered.RequestsPerSecond(Math.Min(batch, count))));
                        }
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

        var medians = measurements.GroupBy(m => (m.Side, m.Batch, m.Driver)).Select(g => Measurement.Median(g.ToList())).ToList();
        output.WriteLine($"## {scenario}{(quick ? " --quick" : "")}: {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {count:N0} persons, {rounds} rounds of {duration.TotalSeconds:0.#} s, {connections} connections, shapes {string.Join(" and ", shapes)}, load from {string.Join(" and ", drivers.Select(d => d == ChildLoadDriver.Name ? "a driver process of its own" : "the benchmark process"))}");
        output.WriteLine();
        output.WriteLine("| side | batch | persons/s (median) | p50 ms | p99 ms | p99.9 ms | requests (all rounds) | vs peer-sql | vs limit | log catch-up s | sustained persons/s | sustained vs peer-sql | PostgreSQL CPU ms per 1000 persons |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var m in medians.OrderBy(m => m.Label).ThenByDescending(m => m.Batch))
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Label} | {m.Batch} | {m.PersonsPerSecond:N0} | {m.P50Ms:F2} | {m.P99Ms:F2} | {m.P999Ms:F2} | {m.Requests:N0} | {Ratio(m, medians, "peer-sql")} | {Ratio(m, medians, "limit")} | {m.LogCatchUpSeconds:F2} | {m.SustainedPersonsPerSecond:N0} | {Ratio(m, medians, "peer-sql", sustained: true)} | {m.PostgresCpuMsPer1000?.ToString("F1", CultureInfo.InvariantCulture) ?? "–"} |"));
        }
        if (medians.Any(m => m.Gc is not null))
        {
            output.WriteLine();
            output.WriteLine("Where the tail is (medians per round): garbage collection in the benchmark process (the embedded register and the peer run in it, the cluster's processes do not; with the in-process driver the driver too), how much of the tail (the requests at or above p99) it explains where the driver runs in that process, the server's own p50/p99 (the whole request in ASP.NET Core; the lookup handler alone) against the driver's, and a driver process's own pauses and JIT:");
            output.WriteLine();
            output.WriteLine("| side | batch | gen0 | gen1 | gen2 | allocated KB per request | pause ms | pause share of round | tail requests during a pause | tail time paused | p99 ms | p99 less each request's pause ms | server request p50 / p99 ms | handler p50 / p99 ms | JIT methods / ms | driver process pause ms / JIT methods |");
            output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var m in medians.Where(m => m.Gc is not null).OrderBy(m => m.Label).ThenByDescending(m => m.Batch))
            {
                var gc = m.Gc!;
                static string Or(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "–";
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {m.Label} | {m.Batch} | {gc.Gen0:N0} | {gc.Gen1:N0} | {gc.Gen2:N0} | {gc.AllocatedKbPerRequest:N1} | {gc.PauseMs:F1} | {gc.PauseMs / 10 / m.Seconds:F2} % | {Or(gc.TailWithPauseShare, "P0")} | {Or(gc.TailPauseShare, "P0")} | {m.P99Ms:F2} | {Or(gc.P99WithoutPauseMs, "F2")} | {(m.Server is { } s ? $"{s.RequestP50Ms:F2} / {s.RequestP99Ms:F2}" : "–")} | {(m.Server is { HandlerP99Ms: > 0 } h ? $"{h.HandlerP50Ms:F2} / {h.HandlerP99Ms:F2}" : "–")} | {gc.JitMethods:N0} / {gc.JitMs:N0} | {(m.DriverGc is { } d ? $"{d.PauseMs:F1} / {d.JitMethods:N0}" : "–")} |"));
            }
        }
        if (medians.Any(m => m.OfferedPersonsPerSecond is not null))
        {
            output.WriteLine();
            output.WriteLine("Latency at an offered rate (`--rate`; medians per round): requests due at an even rate, each timed from when it was due if it was already due when a connection took it, else from its send (the p99 from the send beside it tells the driver's own lateness from the service's, and the p99 of how late each send was tells it directly); a side answering less than it was offered was saturated, and its latencies are its queue's:");
            output.WriteLine();
            output.WriteLine("| side | batch | offered persons/s | answered persons/s | answered of offered | sent late | p99 send lateness ms | p50 ms | p99 ms | p99.9 ms | p99 from the send ms | server request p50 / p99 ms |");
            output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|");
            foreach (var m in medians.Where(m => m.OfferedPersonsPerSecond is not null).OrderBy(m => m.Label).ThenByDescending(m => m.Batch))
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {m.Label} | {m.Batch} | {m.OfferedPersonsPerSecond:N0} | {m.PersonsPerSecond:N0} | {m.PersonsPerSecond / m.OfferedPersonsPerSecond:P1} | {m.LateShare:P2} | {m.SendLateP99Ms:F2} | {m.P50Ms:F2} | {m.P99Ms:F2} | {m.P999Ms:F2} | {m.P99FromSendMs:F2} | {(m.Server is { } s ? $"{s.RequestP50Ms:F2} / {s.RequestP99Ms:F2}" : "–")} |"));
            }
        }
        if (medians.Any(m => m.PendingList is not null))
        {
            output.WriteLine();
            output.WriteLine("The access log's GIN pending-list clean-ups against the tail (`--sample-postgres`; all rounds added up): 100-ms steps in which the pending list got shorter, the share of the time they make, the share of the requests at or above p99 in flight during one against that of requests taken evenly, and PostgreSQL's CPU in those steps and the others:");
            output.WriteLine();
            output.WriteLine("| side | batch | clean-up steps | share of time | tail requests during a clean-up | requests taken evenly during a clean-up | PostgreSQL cores in clean-ups | PostgreSQL cores otherwise | p99 ms (median) |");
            output.WriteLine("|---|---|---|---|---|---|---|---|---|");
            foreach (var m in medians.Where(m => m.PendingList is not null).OrderBy(m => m.Label).ThenByDescending(m => m.Batch))
            {
                var p = m.PendingList!;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {m.Label} | {m.Batch} | {p.CleanUps:N0} | {p.CleanUpSeconds / Math.Max(1e-9, p.Seconds):P1} | {p.TailDuringCleanUp} of {p.Tail} | {p.ReferenceDuringCleanUp} of {p.Reference} | {p.PostgresCoresInCleanUps:F2} | {p.PostgresCoresOtherwise:F2} | {m.P99Ms:F2} |"));
            }
        }
        if (same is { } identical)
        {
            output.WriteLine();
            output.WriteLine($"The register (in each shape measured) and the SQL peer answer a {Math.Min(1000, count)}-person batch with {(identical ? "byte-identical" : "DIFFERENT")} JSON.");
        }
        var file = Path.Combine(results, $"{scenario}.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(new { scenario, quick, shapes, drivers, sameAnswer = same, date = DateTime.UtcNow, cores = Environment.ProcessorCount, serverGc = System.Runtime.GCSettings.IsServerGC, persons = count, rounds, connections, medians, measurements }, new JsonSerializerOptions { WriteIndented = true }));
        output.WriteLine();
        output.WriteLine($"JSON: {file}");
        return 0;
    }

    private static string Ratio(Measurement m, List<Measurement> medians, string other, bool sustained = false) =>
        m.Side != other && medians.FirstOrDefault(o => o.Side == other && o.Batch == m.Batch && (o.Driver is null || o.Driver == m.Driver)) is { } o
            ? (sustained ? m.SustainedPersonsPerSecond / o.SustainedPersonsPerSecond : m.PersonsPerSecond / o.PersonsPerSecond).ToString("F2", CultureInfo.InvariantCulture) + "×"
            : "";
}
