namespace Krr.Benchmarks;

/// <summary>
/// The one definition of a percentile every table uses: nearest rank, the smallest sample at or below which a share
/// <c>p</c> of the sorted samples lie, so the driver's, the server's and the pause-free p99 of a run compare.
/// </summary>
public static class Percentile
{
    /// <summary><paramref name="empty"/> when there are no samples.</summary>
    public static T Of<T>(IReadOnlyList<T> sorted, double p, T empty) =>
        sorted.Count == 0 ? empty : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
}
