using System.Diagnostics;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// The runtime's own work in the measuring process over one run: the garbage collector, and how much of the latency
/// tail it explains; and the JIT, whose tiering (tier 0, instrumented, tier 1) is still compiling for minutes after a
/// cold start on this machine, so a round it ran in measured code not yet optimised and a compiler on the same cores. Each
/// request notes the process's total GC pause before and after it, so a request's pause is what the collector stopped
/// the process for while it was in flight. In the embedded shape the register runs in this process, so its collections
/// are counted; in the cluster shape only the driver's. When the driver is a process of its own
/// (<see cref="ChildLoadDriver"/>) the requests are not timed here, so the three tail columns are null.
/// </summary>
/// <param name="Gen0">Collections of generation 0 only.</param>
/// <param name="Gen1">Collections of generation 1 (not 2).</param>
/// <param name="Gen2">Collections of generation 2 (blocking or background).</param>
/// <param name="PauseMs">Time the process was paused for collections.</param>
/// <param name="TailWithPauseShare">Of the requests at or above the p99 latency, the share during which a pause ended; null where this process did not time the requests.</param>
/// <param name="TailPauseShare">Of the time those requests took, the share that was pause.</param>
/// <param name="P99WithoutPauseMs">The p99 of each request's latency less its pause: what the p99 would be were collections free.</param>
/// <param name="AllocatedKbPerRequest">What the process allocated over the run per request (the driver's share with it): what makes the collections.</param>
/// <param name="JitMethods">Methods the JIT compiled during the run (any tier).</param>
/// <param name="JitMs">The JIT's compilation time during the run, over all threads.</param>
public sealed record GcActivity(int Gen0, int Gen1, int Gen2, double PauseMs, double? TailWithPauseShare, double? TailPauseShare, double? P99WithoutPauseMs, double AllocatedKbPerRequest, long JitMethods, double JitMs)
{
    /// <summary>The runtime's counters now, to subtract from later.</summary>
    public static Snapshot Now() => new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes(),
        System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime());

    /// <summary>One request's latency and the pause that ended while it was in flight, both in <see cref="Stopwatch"/> ticks.</summary>
    public readonly record struct Sample(long Ticks, long PauseTicks);

    /// <summary>The activity between two snapshots over <paramref name="requests"/> requests, whose <paramref name="samples"/> (null where another process timed them) place the pauses in the tail.</summary>
    public static GcActivity From(Snapshot before, Snapshot after, int requests, List<Sample>? samples)
    {
        var tail = samples?.OrderByDescending(s => s.Ticks).Take(Math.Max(1, (int)Math.Ceiling(samples.Count * 0.01))).ToList();
        var withoutPause = samples?.Select(s => s.Ticks - s.PauseTicks).Order().ToList();
        double Ms(long ticks) => ticks * 1000.0 / Stopwatch.Frequency;
        return new GcActivity(
            Gen0: after.Gen0 - before.Gen0 - (after.Gen1 - before.Gen1),
            Gen1: after.Gen1 - before.Gen1 - (after.Gen2 - before.Gen2),
            Gen2: after.Gen2 - before.Gen2,
            PauseMs: (after.Pause - before.Pause).TotalMilliseconds,
            TailWithPauseShare: samples is null ? null : samples.Count == 0 ? 0 : tail!.Count(s => s.PauseTicks > 0) / (double)tail!.Count,
            TailPauseShare: samples is null ? null : samples.Count == 0 ? 0 : tail!.Sum(s => Math.Min(s.PauseTicks, s.Ticks)) / (double)Math.Max(1, tail!.Sum(s => s.Ticks)),
            P99WithoutPauseMs: withoutPause is null ? null : Ms(Percentile.Of(withoutPause, 0.99, 0L)),
            AllocatedKbPerRequest: (after.Allocated - before.Allocated) / 1024.0 / Math.Max(1, requests),
            JitMethods: after.JitMethods - before.JitMethods,
            JitMs: (after.JitTime - before.JitTime).TotalMilliseconds);
    }

    /// <summary>Each column's median over rounds.</summary>
    public static GcActivity? Median(IReadOnlyList<GcActivity?> rounds)
    {
        if (rounds.Count == 0 || rounds.Any(r => r is null))
        {
            return null;
        }
        double Mid(Func<GcActivity, double> field) => Measurement.Mid(rounds.Select(r => field(r!)));
        double? MidOrNull(Func<GcActivity, double?> field) => rounds.All(r => field(r!) is not null) ? Measurement.Mid(rounds.Select(r => field(r!)!.Value)) : null;
        return new GcActivity((int)Mid(r => r.Gen0), (int)Mid(r => r.Gen1), (int)Mid(r => r.Gen2), Mid(r => r.PauseMs),
            MidOrNull(r => r.TailWithPauseShare), MidOrNull(r => r.TailPauseShare), MidOrNull(r => r.P99WithoutPauseMs), Mid(r => r.AllocatedKbPerRequest),
            (long)Mid(r => r.JitMethods), Mid(r => r.JitMs));
    }

    /// <summary>Collection counts per generation (each includes the higher ones, as the runtime counts), the total pause, the bytes allocated, and the JIT's methods and time.</summary>
    public readonly record struct Snapshot(int Gen0, int Gen1, int Gen2, TimeSpan Pause, long Allocated, long JitMethods, TimeSpan JitTime);
}
