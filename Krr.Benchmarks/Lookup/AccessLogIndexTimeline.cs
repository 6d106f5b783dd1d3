using System.Diagnostics;
using Npgsql;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// <c>--sample-postgres</c>: every 100 ms over a run, PostgreSQL's CPU so far and the pages in the access log's GIN
/// pending list (<c>pgstatginindex</c>, extension pgstattuple). New identifiers go to the pending list and are merged
/// into the index when it passes <c>gin_pending_list_limit</c>, by whichever insert finds it full: a burst of
/// PostgreSQL CPU on the same two cores (docs/benchmarks.md, "The access log's index (migration 0066)"). A 100-ms step
/// in which the list got shorter held a clean-up; <see cref="AgainstAsync"/> says whether the run's slowest requests
/// (<see cref="RequestWindows"/>) were in flight during one more often than requests in general.
/// </summary>
public sealed class AccessLogIndexTimeline : IAsyncDisposable
{
    private const string Index = "ix_krr_access_log_identifier_numbers";
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(100);
    private readonly List<(long At, double CpuMs, long PendingPages)> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    private AccessLogIndexTimeline(NpgsqlDataSource dataSource, PostgresCpu? cpu) => _sampling = SampleAsync(dataSource, cpu);

    /// <summary>Makes sure pgstattuple is there (it ships with PostgreSQL; creating it needs a superuser, as the benchmark's database has).</summary>
    public static async Task PrepareAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("CREATE EXTENSION IF NOT EXISTS pgstattuple");
        await command.ExecuteNonQueryAsync();
    }

    public static AccessLogIndexTimeline Start(NpgsqlDataSource dataSource, PostgresCpu? cpu) => new(dataSource, cpu);

    private async Task SampleAsync(NpgsqlDataSource dataSource, PostgresCpu? cpu)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand($"SELECT pending_pages FROM pgstatginindex('{Index}')", connection);
        await PeriodicLoop.RunAsync(Step, async () =>
        {
            var pending = Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
            _samples.Add((Stopwatch.GetTimestamp(), cpu?.Used().TotalMilliseconds ?? 0, pending));
        }, _stop.Token);
    }

    /// <summary>Stops sampling and lays <paramref name="windows"/> beside what was sampled.</summary>
    public async Task<PendingListActivity> AgainstAsync(RequestWindows windows)
    {
        await _stop.CancelAsync();
        await _sampling;
        // Step k spans sample k-1 to sample k.
        var steps = Enumerable.Range(1, Math.Max(0, _samples.Count - 1))
            .Select(k => (From: _samples[k - 1].At, To: _samples[k].At, CpuMs: _samples[k].CpuMs - _samples[k - 1].CpuMs, CleanUp: _samples[k].PendingPages < _samples[k - 1].PendingPages))
            .ToList();
        var cleanUps = steps.Where(s => s.CleanUp).ToList();
        int During(long[][] requests) => requests.Count(r => cleanUps.Any(s => r[0] < s.To && r[1] > s.From));
        double Seconds(IEnumerable<(long From, long To, double CpuMs, bool CleanUp)> of) => of.Sum(s => (s.To - s.From) / (double)Stopwatch.Frequency);
        return new PendingListActivity(
            CleanUps: cleanUps.Count,
            Seconds: Seconds(steps),
            CleanUpSeconds: Seconds(cleanUps),
            Tail: windows.Tail.Length,
            TailDuringCleanUp: During(windows.Tail),
            Reference: windows.Reference.Length,
            ReferenceDuringCleanUp: During(windows.Reference),
            PostgresCpuSecondsInCleanUps: cleanUps.Sum(s => s.CpuMs) / 1000,
            PostgresCpuSeconds: steps.Sum(s => s.CpuMs) / 1000);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }
}
