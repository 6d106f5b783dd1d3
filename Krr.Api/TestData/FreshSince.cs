using Krr.Grains.Domain;

namespace Krr.Api.TestData;

/// <summary>
/// The earliest last-confirmed time that is still fresh at a given instant, so the read model can be filtered with
/// a plain comparison (<c>last_confirmed &gt;= @since</c>) instead of month arithmetic on every row. Expiry
/// (<see cref="ContactFreshness.Expires"/>) never decreases as the confirmation gets later, so the fresh times
/// are exactly those from this instant on; found by bisection at PostgreSQL's microsecond resolution, it agrees
/// with <see cref="ContactFreshness.IsFresh(DateTimeOffset?, DateTimeOffset)"/> to the microsecond, month ends included.
/// </summary>
public static class FreshSince
{
    private const long TicksPerMicrosecond = TimeSpan.TicksPerMillisecond / 1000;

    public static DateTimeOffset At(DateTimeOffset now)
    {
        var utc = now.ToUniversalTime();
        // Expired at low (more than 18 months and a few days back), fresh at high (less than 18 months back).
        var low = utc.AddMonths(-ContactFreshness.ExpiryMonths).AddDays(-4).UtcTicks / TicksPerMicrosecond;
        var high = utc.AddMonths(-ContactFreshness.ExpiryMonths).AddDays(4).UtcTicks / TicksPerMicrosecond;
        while (high - low > 1)
        {
            var middle = low + (high - low) / 2;
            if (ContactFreshness.IsFresh(Instant(middle), utc))
                high = middle;
            else
                low = middle;
        }
        return Instant(high);
    }

    private static DateTimeOffset Instant(long microseconds) => new(microseconds * TicksPerMicrosecond, TimeSpan.Zero);
}
