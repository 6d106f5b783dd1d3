using System.Diagnostics;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// When the slowest requests of a run were in flight, and when a sample of all of them were, as pairs of
/// <see cref="Stopwatch"/> timestamps (start, end). On Linux those are the system's monotonic clock, the same in every
/// process, so a driver process's windows can be laid beside what the benchmark process saw of the server meanwhile.
/// </summary>
/// <param name="Tail">The requests at or above the run's p99 latency.</param>
/// <param name="Reference">Up to about 2,000 requests taken evenly, whatever their latency: what the tail is compared with.</param>
public sealed record RequestWindows(long[][] Tail, long[][] Reference)
{
    public static RequestWindows From(List<(long Start, long End)> requests)
    {
        var tail = requests.OrderByDescending(r => r.End - r.Start).Take(Math.Max(1, (int)Math.Ceiling(requests.Count * 0.01)));
        var stride = Math.Max(1, requests.Count / 2000);
        return new RequestWindows([.. tail.Select(r => new[] { r.Start, r.End })], [.. requests.Where((_, i) => i % stride == 0).Select(r => new[] { r.Start, r.End })]);
    }
}
