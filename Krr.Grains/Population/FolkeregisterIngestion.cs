namespace Krr.Grains.Population;

/// <summary>How many events of a batch were applied and how many were replays of applied sequence numbers.</summary>
public sealed record IngestionResult(int Applied, int Replayed);

/// <summary>
/// Applies a batch of Folkeregisteret events in sequence order, one at a time: an identifier change touches two
/// identifiers, so events for different persons are not independent, and the order is Folkeregisteret's.
/// </summary>
public static class FolkeregisterIngestion
{
    /// <param name="progress">Told the running totals every <paramref name="progressEvery"/> events and at the end.</param>
    public static async Task<IngestionResult> ApplyAsync(
        IGrainFactory grains, IEnumerable<FolkeregisterEvent> events, Action<IngestionResult>? progress = null, int progressEvery = 1000)
    {
        int applied = 0, replayed = 0;
        foreach (var change in events.OrderBy(e => e.Sequence))
        {
            if (await grains.GetResident(change.Identifier).ApplyAsync(change) == EventOutcome.Applied)
                applied++;
            else
                replayed++;
            if ((applied + replayed) % progressEvery == 0)
                progress?.Invoke(new IngestionResult(applied, replayed));
        }
        var result = new IngestionResult(applied, replayed);
        progress?.Invoke(result);
        return result;
    }
}
