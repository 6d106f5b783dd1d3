using System.Globalization;
using System.Text.Json;
using Krr.Benchmarks.Lookup;

namespace Krr.Benchmarks.RuntimeSettings;

/// <summary>
/// <c>runtime-settings</c>: the same lookup scenario under different .NET runtime settings (garbage collector, thread
/// pool), which are fixed when a process starts, so each run is a fresh benchmark process with the setting in its
/// environment (the cluster shape's silo and API and the driver process inherit it). The settings are run in turn, A B C A B C …, so the
/// machine's noise falls on all of them, and the table gives each side's median over the repeats and its ratio to the
/// first setting.
/// </summary>
public static class RuntimeSettingsBenchmark
{
    private static readonly string[] Own = ["settings", "repeat", "scenario", "out"];

    public static async Task<int> RunAsync(BenchmarkArguments arguments, TextWriter output)
    {
        // "default|DOTNET_gcServer=1|DOTNET_gcServer=1,DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0"
        var settings = arguments.Text("settings", "default|DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0").Split('|');
        var repeat = arguments.Int("repeat", 3);
        var scenario = arguments.Text("scenario", "lookup-hot");
        var results = Path.GetFullPath(arguments.Text("out", "benchmark-results"));
        Directory.CreateDirectory(results);
        string[] inner = [scenario, "--rounds", "1", .. arguments.Pass(Own)];

        var measured = new List<(string Setting, Measurement Measurement)>();
        // What each setting's processes ran with, as they report it: a misspelt setting shows here, not as a false comparison.
        var serverGc = new Dictionary<string, bool>();
        for (var run = 0; run < repeat; run++)
        {
            foreach (var setting in settings)
            {
                var folder = Path.Combine(results, $"runtime-settings-{run}-{Array.IndexOf(settings, setting)}");
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss} run {run + 1} of {repeat}: {setting} (load average {LoadAverage.Now()})");
                await using var child = ChildProcess.Start("Krr.Benchmarks", Environment(setting), [.. inner, "--out", folder]);
                if (await child.WaitForExitAsync(TimeSpan.FromMinutes(30)) != 0)
                {
                    output.WriteLine(child.Output);
                    return 1;
                }
                using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, $"{scenario}.json")));
                serverGc[setting] = json.RootElement.GetProperty("serverGc").GetBoolean();
                measured.AddRange(json.RootElement.GetProperty("measurements").Deserialize<List<Measurement>>()!
                    .Select(m => (setting, m)));
            }
        }

        var medians = measured.GroupBy(m => (m.Setting, m.Measurement.Label, m.Measurement.Batch))
            .Select(g => (g.Key.Setting, Median: Measurement.Median([.. g.Select(m => m.Measurement)]))).ToList();
        output.WriteLine();
        output.WriteLine($"## runtime-settings: {DateTime.UtcNow:yyyy-MM-dd}, {System.Environment.ProcessorCount} cores, .NET {System.Environment.Version}, {scenario} {string.Join(' ', inner.Skip(1))}, {repeat} runs per setting, alternated");
        output.WriteLine();
        output.WriteLine("| side | batch | setting | server GC | persons/s (median) | p50 ms | p99 ms | p99.9 ms | requests | persons/s vs first | p99 vs first |");
        output.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (setting, m) in medians.OrderBy(m => m.Median.Label).ThenByDescending(m => m.Median.Batch).ThenBy(m => Array.IndexOf(settings, m.Setting)))
        {
            var first = medians.First(o => o.Setting == settings[0] && o.Median.Label == m.Label && o.Median.Batch == m.Batch).Median;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {m.Label} | {m.Batch} | {setting} | {(serverGc[setting] ? "yes" : "no")} | {m.PersonsPerSecond:N0} | {m.P50Ms:F2} | {m.P99Ms:F2} | {m.P999Ms:F2} | {m.Requests:N0} | {m.PersonsPerSecond / first.PersonsPerSecond:F2}× | {m.P99Ms / first.P99Ms:F2}× |"));
        }
        var file = Path.Combine(results, "runtime-settings.json");
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(
            new { scenario = "runtime-settings", inner, date = DateTime.UtcNow, cores = System.Environment.ProcessorCount, settings, serverGc, repeat, medians = medians.Select(m => new { m.Setting, m.Median }), runs = measured.Select(m => new { m.Setting, m.Measurement }) },
            new JsonSerializerOptions { WriteIndented = true }));
        output.WriteLine();
        output.WriteLine($"JSON: {file}");
        return 0;
    }

    /// <summary>A setting's environment: <c>default</c> adds nothing; otherwise comma-separated <c>NAME=value</c> pairs.</summary>
    private static Dictionary<string, string> Environment(string setting) =>
        setting == "default"
            ? []
            : setting.Split(',').Select(pair => pair.Split('=', 2)).ToDictionary(pair => pair[0], pair => pair[1]);
}
