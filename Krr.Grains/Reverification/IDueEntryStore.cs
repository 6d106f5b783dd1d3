namespace Krr.Grains.Reverification;

/// <summary>
/// The due entries of every bucket, one row per (person, channel, kind). A person's entries live here rather than in
/// the bucket grain's state so that scheduling one person writes one small row, not a bucket of thousands.
/// </summary>
public interface IDueEntryStore
{
    /// <summary>Deletes <paramref name="removed"/> (exact matches only) and puts <paramref name="added"/> in its bucket, replacing the entry of the same person, channel and kind.</summary>
    Task ApplyAsync(IReadOnlyCollection<DueEntry> removed, IReadOnlyCollection<DueEntry> added, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> entries of the day's bucket that are due at <paramref name="now"/>, earliest first.</summary>
    Task<IReadOnlyList<DueEntry>> ReadDueAsync(DateOnly day, DateTimeOffset now, int limit, CancellationToken cancellationToken = default);

    /// <summary>When the day's earliest entry falls due; null when the bucket is empty.</summary>
    Task<DateTimeOffset?> NextDueAsync(DateOnly day, CancellationToken cancellationToken = default);
}
