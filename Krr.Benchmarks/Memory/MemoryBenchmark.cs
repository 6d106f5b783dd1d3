using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Krr.Api.Lookup;
using Krr.Benchmarks.Lookup;
using Krr.Grains.Contacts;
using Krr.Grains.Lookup;
using Krr.Grains.Persons;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;

namespace Krr.Benchmarks.Memory;

/// <summary>
/// <c>memory</c>: the managed heap each active grain costs, as the heap after a full compacting collection grows
/// while N person grains are activated (batch lookups through the silo's <c>LookupGrain</c>), then their contact value
/// grains (one read each), then every person's prepared answer in one view (HTTP lookups in batches of 1000). Each
/// delta divided by the number activated is the figure; it includes what Orleans keeps per activation (activation
/// data, local grain directory, state bridge), not only the grain object. <c>--memory-contacts</c> bounds the contact
/// grains activated (at a million persons all of them would not fit a shared machine beside the persons).
/// </summary>
public static class MemoryBenchmark
{
    public static async Task<int> RunAsync(BenchmarkArguments arguments, TextWriter output)
    {
        var quick = arguments.Flag("quick");
        var count = arguments.Int("memory-persons", quick ? arguments.Int("persons", 2_000) : 200_000);
        var contactLimit = arguments.Int("memory-contacts", int.MaxValue);
        var dumps = arguments.Text("gcdump", "") is { Length: > 0 } folder ? Path.GetFullPath(folder) : null;
        var results = Path.GetFullPath(arguments.Text("out", "benchmark-results"));
        Directory.CreateDirectory(results);

        // Activating a million persons takes longer than the persons' idle limit (1 min), and the prepared answers are read
        // from ActivePersons without a grain call, so without this the first persons would be collected before the end.
        // PostConfigure: the silo's own Configure (KrrOrleansConfiguration) comes after this callback and would set the
        // persons' minute again, as it did from 2026-12-01 14:07 until 19:45 (a third of a million persons stayed active).
        await using var loaded = await LoadedRegister.StartAsync(arguments, count, services => services.PostConfigure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = TimeSpan.FromHours(6);
            o.ClassSpecificCollectionAge.Clear();
        }));
        var (register, issuer, persons) = (loaded.Register, loaded.Issuer, loaded.Persons);
        var active = register.Services.GetRequiredService<ActivePersons>();
        var rows = new List<(string What, long Count, long HeapBytes, TimeSpan Took)>();

        await DumpAsync(dumps, "start", output);
        var heap = Heap();
        var clock = Stopwatch.StartNew();
        await BenchmarkPopulation.ActivateAsync(register.Grains, persons);
        var took = clock.Elapsed;
        if (active.Count < persons.Records.Length)
        {
            throw new InvalidOperationException(
                $"{active.Count:N0} of {persons.Records.Length:N0} persons are active after their activation: some were collected, so the heap's growth is not theirs.");
        }
        rows.Add(("person grains", active.Count, Heap() - heap, took));
        await DumpAsync(dumps, "persons", output);

        heap = Heap();
        var contacts = persons.Records
            .SelectMany(p => new[] { (ContactChannel.Email, p.Email, p.Identifier), (ContactChannel.Mobile, p.Mobile, p.Identifier) })
            .Where(c => c.Item2 is not null).Select(c => (Channel: c.Item1, c.Item2!.Normalized, c.Identifier)).Take(contactLimit).ToArray();
        clock.Restart();
        await Parallel.ForEachAsync(contacts, new ParallelOptions { MaxDegreeOfParallelism = 64 },
            async (c, _) => await register.Grains.GetContactOwners(c.Channel, c.Normalized).HasOtherOwnersAsync(c.Identifier));
        rows.Add(("contact grains", contacts.Length, Heap() - heap, clock.Elapsed));
        await DumpAsync(dumps, "contacts", output);

        heap = Heap();
        clock.Restart();
        var driver = new LoadDriver([.. persons.Records.Select(r => r.Identifier)], issuer.AgencyToken("991825827"));
        var batch = Math.Min(LookupGrain.MaxBatchSize, count);
        await driver.RunAsync("prepare", register.Address, batch, 4, count / batch, TimeSpan.FromMinutes(30));
        rows.Add(("prepared answers (v2, both blocks)", register.Services.GetRequiredService<PreparedAnswers>().Count, Heap() - heap, clock.Elapsed));
        rows.Add(PreparedAnswersMemory.Measure(persons, register.Services));
        var stillActive = active.Count;

        output.WriteLine($"## memory{(quick ? " --quick" : "")}: {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, .NET {Environment.Version}, {count:N0} persons");
        output.WriteLine();
        output.WriteLine("| what | count | heap delta MB | bytes each | time to activate |");
        output.WriteLine("|---|---|---|---|---|");
        foreach (var (what, n, bytes, time) in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {what} | {n:N0} | {bytes / 1048576.0:N1} | {(n == 0 ? 0 : bytes / n):N0} | {time.TotalSeconds:0.0} s |"));
        }
        output.WriteLine();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Persons still active at the end: {stillActive:N0}. Process working set at the end: {Environment.WorkingSet / 1048576.0:N0} MB."));
        var file = Path.Combine(results, "memory.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(
            new
            {
                scenario = "memory", quick, date = DateTime.UtcNow, cores = Environment.ProcessorCount, persons = count,
                rows = rows.Select(r => new { what = r.What, count = r.Count, heapBytes = r.HeapBytes, bytesEach = r.Count == 0 ? 0 : r.HeapBytes / r.Count, seconds = r.Took.TotalSeconds }),
                workingSetBytes = Environment.WorkingSet,
            },
            new JsonSerializerOptions { WriteIndented = true }));
        output.WriteLine();
        output.WriteLine($"JSON: {file}");
        return 0;
    }

    /// <summary>
    /// With <c>--gcdump DIR</c>, a heap snapshot of this process after the stage (<c>dotnet-gcdump</c> on the PATH;
    /// <c>dotnet-gcdump report</c> prints it by type), to see where the bytes of an activation go.
    /// </summary>
    private static async Task DumpAsync(string? folder, string stage, TextWriter output)
    {
        if (folder is null)
        {
            return;
        }
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"memory-{stage}.gcdump");
        using var tool = Process.Start(new ProcessStartInfo("dotnet-gcdump", ["collect", "-p", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), "-o", file])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("dotnet-gcdump did not start");
        await tool.StandardOutput.ReadToEndAsync();
        await tool.WaitForExitAsync();
        output.WriteLine($"gcdump after {stage}: {file} (exit {tool.ExitCode})");
    }

    /// <summary>The live managed heap after full, compacting, blocking collections.</summary>
    internal static long Heap()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
