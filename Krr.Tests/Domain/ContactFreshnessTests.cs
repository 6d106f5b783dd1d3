using Krr.Grains.Domain;

namespace Krr.Tests.Domain;

public class ContactFreshnessTests
{
    private static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(null, null, null, null)]
    [InlineData("2024-01-01T00:00:00Z", null, null, "2024-01-01T00:00:00Z")]
    [InlineData(null, "2024-01-01T00:00:00Z", null, "2024-01-01T00:00:00Z")]
    [InlineData(null, null, "2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01T00:00:00Z", "2024-06-01T00:00:00Z", "2024-03-01T00:00:00Z", "2024-06-01T00:00:00Z")]
    [InlineData("2024-06-01T00:00:00Z", "2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z", "2024-06-01T00:00:00Z")]
    [InlineData("2024-01-01T00:00:00Z", "2024-03-01T00:00:00Z", "2024-06-01T00:00:00Z", "2024-06-01T00:00:00Z")]
    [InlineData(null, "2024-03-01T00:00:00Z", "2024-06-01T00:00:00Z", "2024-06-01T00:00:00Z")]
    [InlineData("2024-06-01T00:00:01Z", null, "2024-06-01T00:00:00Z", "2024-06-01T00:00:01Z")]
    // Same instant in different offsets: compared as instants, not clock readings.
    [InlineData("2024-06-01T12:00:00+02:00", "2024-06-01T10:30:00Z", null, "2024-06-01T10:30:00Z")]
    public void LastConfirmed_is_the_newest(string? updated, string? verified, string? validated, string? expected)
    {
        DateTimeOffset? P(string? s) => s is null ? null : T(s);
        var actual = ContactFreshness.LastConfirmed(P(updated), P(verified), P(validated));
        Assert.Equal(P(expected), actual);
    }

    [Theory]
    [InlineData("2024-01-15T10:00:00Z", "2025-07-15T10:00:00Z")]
    [InlineData("2024-08-31T12:00:00Z", "2026-02-28T12:00:00Z")]  // month end -> shorter February
    [InlineData("2022-08-31T12:00:00Z", "2024-02-29T12:00:00Z")]  // leap February
    [InlineData("2024-08-29T00:00:00Z", "2026-02-28T00:00:00Z")]
    [InlineData("2023-08-29T00:00:00Z", "2025-02-28T00:00:00Z")]
    [InlineData("2024-02-29T08:00:00Z", "2025-08-29T08:00:00Z")]
    [InlineData("2024-12-31T23:59:59Z", "2026-06-30T23:59:59Z")]
    // Calendar months in UTC: 00:30 Oslo (winter) on 31 Jan is 30 Jan 23:30 UTC.
    [InlineData("2024-01-31T00:30:00+01:00", "2025-07-30T23:30:00Z")]
    public void Expires_after_18_calendar_months_in_UTC(string lastConfirmed, string expires)
    {
        var actual = ContactFreshness.Expires(T(lastConfirmed));
        Assert.Equal(T(expires), actual);
        Assert.Equal(TimeSpan.Zero, actual.Offset);
    }

    [Theory]
    [InlineData("2024-01-15T10:00:00Z", "2025-05-15T10:00:00Z")]
    [InlineData("2024-08-31T12:00:00Z", "2025-12-31T12:00:00Z")]
    [InlineData("2024-10-31T12:00:00Z", "2026-02-28T12:00:00Z")]
    [InlineData("2022-10-31T12:00:00Z", "2024-02-29T12:00:00Z")]
    [InlineData("2024-06-30T06:00:00+02:00", "2025-10-30T04:00:00Z")]
    public void WarningDue_after_16_calendar_months(string lastConfirmed, string due) =>
        Assert.Equal(T(due), ContactFreshness.WarningDue(T(lastConfirmed)));

    [Theory]
    [InlineData("2024-01-15T10:00:00Z", "2025-07-15T09:59:59Z", true)]
    [InlineData("2024-01-15T10:00:00Z", "2025-07-15T10:00:00Z", false)]  // exactly 18 months: no longer "less than"
    [InlineData("2024-01-15T10:00:00Z", "2025-07-15T10:00:01Z", false)]
    [InlineData("2024-08-31T12:00:00Z", "2026-02-28T11:59:59Z", true)]
    [InlineData("2024-08-31T12:00:00Z", "2026-02-28T12:00:00Z", false)]
    [InlineData("2022-08-31T12:00:00Z", "2024-02-29T11:59:59Z", true)]
    [InlineData("2022-08-31T12:00:00Z", "2024-02-29T12:00:00Z", false)]
    // Offsets of now do not matter, only the instant.
    [InlineData("2024-01-15T10:00:00Z", "2025-07-15T11:59:59+02:00", true)]
    [InlineData("2024-01-15T10:00:00Z", "2025-07-15T12:00:00+02:00", false)]
    [InlineData("2024-01-15T10:00:00Z", "2024-01-15T10:00:00Z", true)]   // just confirmed
    [InlineData("2024-01-15T10:00:00Z", "2024-01-14T10:00:00Z", true)]   // confirmed "in the future" (clock skew)
    [InlineData("2020-01-01T00:00:00Z", "2026-01-01T00:00:00Z", false)]
    public void IsFresh_to_the_second(string lastConfirmed, string now, bool fresh) =>
        Assert.Equal(fresh, ContactFreshness.IsFresh(T(lastConfirmed), T(now)));

    [Fact]
    public void Never_confirmed_is_not_fresh()
    {
        Assert.False(ContactFreshness.IsFresh(null, T("2024-01-01T00:00:00Z")));
        Assert.False(ContactFreshness.IsFresh(null, null, null, T("2024-01-01T00:00:00Z")));
    }

    [Fact]
    public void IsFresh_from_the_three_timestamps_uses_the_newest()
    {
        var now = T("2025-07-15T10:00:00Z");
        Assert.False(ContactFreshness.IsFresh(T("2024-01-15T10:00:00Z"), null, null, now));
        Assert.True(ContactFreshness.IsFresh(T("2024-01-15T10:00:00Z"), null, T("2024-01-15T10:00:01Z"), now));
        Assert.True(ContactFreshness.IsFresh(null, T("2025-01-01T00:00:00Z"), T("2020-01-01T00:00:00Z"), now));
    }

    [Fact]
    public void Freshness_agrees_with_Expires_where_subtracting_months_would_not()
    {
        // now.AddMonths(-18) is 28 Aug 2024, so "lastConfirmed > now - 18 months" would still call 31 Aug fresh here,
        // while the expiry reminder (Expires = 28 Feb 12:00) has already fired.
        var lastConfirmed = T("2024-08-31T12:00:00Z");
        var now = T("2026-02-28T18:00:00Z");
        Assert.True(lastConfirmed > now.AddMonths(-18));
        Assert.False(ContactFreshness.IsFresh(lastConfirmed, now));
        Assert.True(now >= ContactFreshness.Expires(lastConfirmed));
    }

    [Fact]
    public void Warning_comes_before_expiry()
    {
        for (var day = new DateTimeOffset(2023, 1, 1, 13, 0, 0, TimeSpan.Zero); day.Year < 2025; day = day.AddDays(1))
        {
            var warn = ContactFreshness.WarningDue(day);
            var exp = ContactFreshness.Expires(day);
            Assert.True(warn < exp);
            Assert.True(ContactFreshness.IsFresh(day, warn));
            Assert.True(ContactFreshness.IsFresh(day, exp.AddSeconds(-1)));
            Assert.False(ContactFreshness.IsFresh(day, exp));
        }
    }
}
