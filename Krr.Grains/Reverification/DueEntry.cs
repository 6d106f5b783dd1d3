using Krr.Grains.Domain;
using Krr.Grains.Persons;

namespace Krr.Grains.Reverification;

/// <summary>
/// One thing that falls due for one channel of one person, for one confirmation (<paramref name="LastConfirmed"/>).
/// A newer confirmation is a different entry, so an entry that no longer matches the person is stale.
/// </summary>
[GenerateSerializer, Immutable, Alias("krr.DueEntry")]
public sealed record DueEntry(
    [property: Id(0)] string Person,
    [property: Id(1)] ContactChannel Channel,
    [property: Id(2)] DueKind Kind,
    [property: Id(3)] DateTimeOffset LastConfirmed)
{
    public DateTimeOffset DueAt =>
        Kind == DueKind.Warn16 ? ContactFreshness.WarningDue(LastConfirmed) : ContactFreshness.Expires(LastConfirmed);

    /// <summary>The UTC day whose bucket holds the entry.</summary>
    public DateOnly Day => DateOnly.FromDateTime(DueAt.UtcDateTime);

    /// <summary>
    /// The instant as PostgreSQL's timestamptz keeps it (whole microseconds, UTC), so an entry read back from
    /// the due table equals the one computed from the person's record.
    /// </summary>
    public static DateTimeOffset Stored(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }
}
