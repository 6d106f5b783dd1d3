namespace Krr.Grains.Population;

/// <summary>How many events of a batch were applied and how many were replays of applied sequence numbers.</summary>
public sealed record IngestionResult(int Applied, int Replayed);

/// <summary>
/// Applies a batch of Folkeregisteret events in sequence order, one at a time: an identifier change touches two
/// identifiers, so events for different persons are not independent, and the order is Folkeregisteret's.
/// </summary>
public static class FolkeregisterIngestion
{
    public static async Task<IngestionResult> ApplyAsync(IGrainFactory grains, IEnumerable<FolkeregisterEvent> events)
    {
        int applied = 0, replayed = 0;
        foreach (var change in events.OrderBy(e => e.Sequence))
        {
            if (await grains.GetResident(change.Identifier).ApplyAsync(change) == EventOutcome.Applied)
                applied++;
            else
                replayed++;
        }
        return new IngestionResult(applied, replayed);
    }
}
