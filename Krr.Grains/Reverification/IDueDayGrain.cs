namespace Krr.Grains.Reverification;

/// <summary>
/// One bucket per UTC due day (<see cref="DueDayKey"/>), holding one reminder however many persons fall due that
/// day. Its entries are in <see cref="IDueEntryStore"/>; whoever adds some wakes the bucket.
/// </summary>
[Alias("krr.IDueDayGrain")]
public interface IDueDayGrain : IGrainWithStringKey
{
    /// <summary>
    /// Makes sure the bucket's reminder exists. Interleaves, because a bucket's own tick calls persons who add
    /// entries to buckets (possibly this one) and wake them.
    /// </summary>
    [AlwaysInterleave, Alias("Wake")]
    Task WakeAsync();
}
