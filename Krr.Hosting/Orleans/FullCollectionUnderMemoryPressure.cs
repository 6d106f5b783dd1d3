using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Krr.Hosting.Orleans;

/// <summary>
/// Starts a background full GC when the silo's heap is past Orleans' shedding threshold and no full GC has run for a
/// while. Orleans sheds activations on memory pressure only after a full GC since its previous round (the memory it
/// measures is only true after one), and the shed activations' memory comes back only at the next full GC. On a heap
/// of gigabytes full GCs are rare: in a national sweep with a 4 GB limit the heap went from 70 % to 90 % between two
/// rounds, the second round shed a third of the silo at once at the GC's own limit, and lookups stalled past their
/// 30 s timeout (docs/benchmarks.md, lookup-cold, 2026-12-01 14:07). A background collection runs beside the
/// application threads, so this keeps the rounds small and their memory coming back, at the cost of one core for a
/// few seconds while the silo is over its threshold, and nothing below it.
/// </summary>
public sealed class FullCollectionUnderMemoryPressure(IOptions<GrainCollectionOptions> options) : BackgroundService
{
    /// <summary>At most one requested collection this often, so the GC never runs back to back on our account.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var collection = options.Value;
        if (!collection.EnableActivationSheddingOnMemoryPressure)
        {
            return;
        }
        using var timer = new PeriodicTimer(collection.MemoryUsagePollingPeriod);
        var lastFullCollections = GC.CollectionCount(2);
        var lastChange = TimeProvider.System.GetTimestamp();
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var fullCollections = GC.CollectionCount(2);
            if (fullCollections != lastFullCollections)
            {
                (lastFullCollections, lastChange) = (fullCollections, TimeProvider.System.GetTimestamp());
            }
            else if (TimeProvider.System.GetElapsedTime(lastChange) >= MinimumInterval && UsedPercentage() > collection.MemoryUsageLimitPercentage)
            {
                GC.Collect(2, GCCollectionMode.Forced, blocking: false);
                lastChange = TimeProvider.System.GetTimestamp();
            }
        }
    }

    /// <summary>What Orleans measures: the heap's committed memory less its free space, against what the GC may use.</summary>
    private static double UsedPercentage()
    {
        var info = GC.GetGCMemoryInfo();
        // Before the process's first GC there is nothing to measure.
        return info.TotalAvailableMemoryBytes <= 0 ? 0 : 100.0 * Math.Max(0, info.TotalCommittedBytes - info.FragmentedBytes) / info.TotalAvailableMemoryBytes;
    }
}
