namespace Krr.Benchmarks.Lookup;

/// <summary>
/// The access log's GIN pending-list clean-ups over one run against its slowest requests (<see cref="AccessLogIndexTimeline"/>).
/// </summary>
/// <param name="CleanUps">100-ms steps in which the pending list got shorter.</param>
/// <param name="CleanUpTimeShare">The share of the run those steps make.</param>
/// <param name="TailDuringCleanUpShare">Of the requests at or above p99, the share in flight during such a step.</param>
/// <param name="ReferenceDuringCleanUpShare">The same for every hundredth request: what the tail's share is to be compared with.</param>
/// <param name="PostgresCoresInCleanUps">PostgreSQL's CPU in those steps, in cores (1 = one core busy all the step).</param>
/// <param name="PostgresCoresOtherwise">PostgreSQL's CPU in the other steps, in cores.</param>
public sealed record PendingListActivity(
    int CleanUps, double CleanUpTimeShare, double TailDuringCleanUpShare, double ReferenceDuringCleanUpShare,
    double PostgresCoresInCleanUps, double PostgresCoresOtherwise)
{
    public static PendingListActivity? Median(IReadOnlyList<PendingListActivity?> rounds)
    {
        if (rounds.Count == 0 || rounds.Any(r => r is null))
        {
            return null;
        }
        double Mid(Func<PendingListActivity, double> field) => Measurement.Mid(rounds.Select(r => field(r!)));
        return new PendingListActivity((int)Mid(r => r.CleanUps), Mid(r => r.CleanUpTimeShare), Mid(r => r.TailDuringCleanUpShare),
            Mid(r => r.ReferenceDuringCleanUpShare), Mid(r => r.PostgresCoresInCleanUps), Mid(r => r.PostgresCoresOtherwise));
    }
}
