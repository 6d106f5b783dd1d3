namespace Krr.Benchmarks.Lookup;

/// <summary>
/// The access log's GIN pending-list clean-ups over one run (or several, added up) against its slowest requests
/// (<see cref="AccessLogIndexTimeline"/>). A round holds only a few tail requests at 1000 persons a request (5 of 500),
/// so the rounds' counts are added, not their shares' medians taken.
/// </summary>
/// <param name="CleanUps">100-ms steps in which the pending list got shorter.</param>
/// <param name="Seconds">The time sampled.</param>
/// <param name="CleanUpSeconds">The time in those steps.</param>
/// <param name="Tail">Requests at or above each run's p99.</param>
/// <param name="TailDuringCleanUp">Of those, the ones in flight during such a step.</param>
/// <param name="Reference">Requests taken evenly, whatever their latency.</param>
/// <param name="ReferenceDuringCleanUp">Of those, the ones in flight during such a step: what the tail's share is to be compared with.</param>
/// <param name="PostgresCpuSecondsInCleanUps">PostgreSQL's CPU in those steps.</param>
/// <param name="PostgresCpuSeconds">PostgreSQL's CPU in all steps.</param>
public sealed record PendingListActivity(
    int CleanUps, double Seconds, double CleanUpSeconds, int Tail, int TailDuringCleanUp, int Reference, int ReferenceDuringCleanUp,
    double PostgresCpuSecondsInCleanUps, double PostgresCpuSeconds)
{
    /// <summary>PostgreSQL's CPU in the clean-up steps, in cores (1 = one core busy all the step).</summary>
    public double PostgresCoresInCleanUps => PostgresCpuSecondsInCleanUps / Math.Max(1e-9, CleanUpSeconds);

    /// <summary>PostgreSQL's CPU in the other steps, in cores.</summary>
    public double PostgresCoresOtherwise => (PostgresCpuSeconds - PostgresCpuSecondsInCleanUps) / Math.Max(1e-9, Seconds - CleanUpSeconds);

    public static PendingListActivity? Sum(IReadOnlyList<PendingListActivity?> rounds) =>
        rounds.Count == 0 || rounds.Any(r => r is null)
            ? null
            : new PendingListActivity(rounds.Sum(r => r!.CleanUps), rounds.Sum(r => r!.Seconds), rounds.Sum(r => r!.CleanUpSeconds),
                rounds.Sum(r => r!.Tail), rounds.Sum(r => r!.TailDuringCleanUp), rounds.Sum(r => r!.Reference), rounds.Sum(r => r!.ReferenceDuringCleanUp),
                rounds.Sum(r => r!.PostgresCpuSecondsInCleanUps), rounds.Sum(r => r!.PostgresCpuSeconds));
}
