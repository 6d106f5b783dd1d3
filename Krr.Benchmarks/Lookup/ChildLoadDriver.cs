using System.Text.Json;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// <see cref="LoadDriver"/> in a process of its own (<c>Krr.Benchmarks drive</c>), so that the client's threads, timers
/// and collections are not those of the register it measures: in one process the driver's paced waits overslept behind
/// the embedded register's work, and its HttpClient's wake-ups queued on the same thread pool (docs/benchmarks.md, "A
/// load driver of its own"). The
/// process lives for the whole benchmark, so the settling passes settle its code as well. The parent writes one JSON
/// line per run to its standard input and reads the <see cref="Measurement"/> back from its standard output; the
/// measurement's <see cref="Measurement.Gc"/> is then the parent's (the embedded register's and the peer's collector
/// over the run) and the driver's own is in <see cref="Measurement.DriverGc"/>.
/// </summary>
public sealed class ChildLoadDriver : ILoadDriver, IAsyncDisposable
{
    /// <summary>The scenario name the child runs, and its <see cref="Measurement.Driver"/>.</summary>
    public const string Name = "child";
    public const string Scenario = "drive";

    private const string ResultPrefix = "measurement ";
    private readonly ChildProcess _process;

    private ChildLoadDriver(ChildProcess process) => _process = process;

    /// <param name="niceness">
    /// The driver's scheduling niceness (<c>--driver-nice</c>), or null for the benchmark's own. Ahead of the register
    /// (negative), a client's few wake-ups would not wait behind the register's threads, as on a machine of its own;
    /// on the shared machine that did not help (docs/benchmarks.md, "A load driver of its own"), so it is not the default.
    /// </param>
    public static async Task<ChildLoadDriver> StartAsync(string[] identifiers, string token, int? niceness)
    {
        var process = ChildProcess.Start("Krr.Benchmarks", new Dictionary<string, string>(), input: true, niceness, Scenario);
        await process.Input.WriteLineAsync(JsonSerializer.Serialize(new Setup(identifiers, token)));
        await process.Input.FlushAsync();
        return new ChildLoadDriver(process);
    }

    public async Task<Measurement> RunAsync(string side, Uri baseAddress, int batch, int connections, int maxRequests, TimeSpan duration, double? requestsPerSecond = null)
    {
        var before = GcActivity.Now();
        await _process.Input.WriteLineAsync(JsonSerializer.Serialize(new Run(side, baseAddress, batch, connections, maxRequests, duration.TotalSeconds, requestsPerSecond)));
        await _process.Input.FlushAsync();
        await foreach (var line in _process.Lines.ReadAllAsync())
        {
            if (line.StartsWith(ResultPrefix, StringComparison.Ordinal))
            {
                var measured = JsonSerializer.Deserialize<Measurement>(line[ResultPrefix.Length..])!;
                return measured with { Driver = Name, DriverGc = measured.Gc, Gc = GcActivity.From(before, GcActivity.Now(), measured.Requests, samples: null) };
            }
        }
        throw new InvalidOperationException($"The load driver process ended before it answered:\n{_process.Output}");
    }

    /// <summary>The child's side: the setup line, then a measurement for each run line until its input ends.</summary>
    public static async Task<int> ServeAsync(TextReader input, TextWriter output)
    {
        var setup = JsonSerializer.Deserialize<Setup>(await input.ReadLineAsync() ?? throw new InvalidOperationException("No setup line on standard input."))!;
        var driver = new LoadDriver(setup.Identifiers, setup.Token);
        while (await input.ReadLineAsync() is { } line)
        {
            var run = JsonSerializer.Deserialize<Run>(line)!;
            var measured = await driver.RunAsync(run.Side, run.Address, run.Batch, run.Connections, run.MaxRequests, TimeSpan.FromSeconds(run.Seconds), run.RequestsPerSecond);
            await output.WriteLineAsync(ResultPrefix + JsonSerializer.Serialize(measured));
            await output.FlushAsync();
        }
        return 0;
    }

    public async ValueTask DisposeAsync()
    {
        // The end of its input ends the child; a hung one is killed.
        _process.Input.Close();
        try
        {
            await _process.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        catch (OperationCanceledException)
        {
        }
        await _process.DisposeAsync();
    }

    private sealed record Setup(string[] Identifiers, string Token);

    private sealed record Run(string Side, Uri Address, int Batch, int Connections, int MaxRequests, double Seconds, double? RequestsPerSecond);
}
