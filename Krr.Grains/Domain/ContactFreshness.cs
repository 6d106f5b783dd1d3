namespace Krr.Grains.Domain;

/// <summary>The 18-month rule of eForvaltningsforskriften § 32 (SPEC §7), per contact channel.</summary>
/// <remarks>
/// Months are calendar months computed in UTC: every silo gets the same answer whatever its time zone,
/// there are no non-existent or doubled local times at DST changes, and the result differs from
/// Europe/Oslo calendar months by at most the 1–2 hour offset on the boundary day.
/// Freshness is defined through <see cref="Expires"/> rather than as <c>lastConfirmed &gt; now.AddMonths(-18)</c>:
/// the two disagree around month ends (31 Aug + 18 months is 28 Feb, but 28 Feb − 18 months is 28 Aug),
/// and the expiry reminder that writes the changes feed must agree to the second with what reads report.
/// </remarks>
public static class ContactFreshness
{
    public const int WarningMonths = 16;
    public const int ExpiryMonths = 18;

    /// <summary>The newest of the channel's updated, verified and validated times; null if it has none.</summary>
    public static DateTimeOffset? LastConfirmed(DateTimeOffset? updated, DateTimeOffset? verified, DateTimeOffset? validated) =>
        Newest(Newest(updated, verified), validated);

    /// <summary>True while <paramref name="lastConfirmed"/> is less than 18 calendar months before <paramref name="now"/>.</summary>
    public static bool IsFresh(DateTimeOffset? lastConfirmed, DateTimeOffset now) =>
        lastConfirmed is { } confirmed && now < Expires(confirmed);

    /// <summary>Convenience for a channel's three timestamps.</summary>
    public static bool IsFresh(DateTimeOffset? updated, DateTimeOffset? verified, DateTimeOffset? validated, DateTimeOffset now) =>
        IsFresh(LastConfirmed(updated, verified, validated), now);

    /// <summary>When the citizen is warned to confirm (16 months).</summary>
    public static DateTimeOffset WarningDue(DateTimeOffset lastConfirmed) => lastConfirmed.ToUniversalTime().AddMonths(WarningMonths);

    /// <summary>The first instant at which the channel is no longer fresh (18 months).</summary>
    public static DateTimeOffset Expires(DateTimeOffset lastConfirmed) => lastConfirmed.ToUniversalTime().AddMonths(ExpiryMonths);

    private static DateTimeOffset? Newest(DateTimeOffset? a, DateTimeOffset? b) => a is null || b > a ? b : a;
}
