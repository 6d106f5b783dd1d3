using Krr.Api.TestData;
using Krr.Grains.Domain;

namespace Krr.Tests.TestData;

public sealed class FreshSinceTests
{
    public static TheoryData<string> Instants() =>
    [
        "2026-11-29T12:00:00Z", "2027-02-28T00:00:00Z", "2027-02-28T23:59:59.9999999Z", "2027-03-01T00:00:00Z",
        "2028-02-29T12:00:00Z", "2026-08-31T10:00:00Z", "2026-01-01T00:00:00.0000005Z", "2026-03-31T23:00:00+02:00",
    ];

    [Theory]
    [MemberData(nameof(Instants))]
    public void The_cutoff_separates_fresh_from_expired_to_the_microsecond(string instant)
    {
        var now = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);

        var since = FreshSince.At(now);

        Assert.True(ContactFreshness.IsFresh(since, now));
        Assert.False(ContactFreshness.IsFresh(since.AddTicks(-10), now));
        Assert.Equal(0, since.UtcTicks % 10);
    }
}
