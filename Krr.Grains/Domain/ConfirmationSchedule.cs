namespace Krr.Grains.Domain;

/// <summary>How a channel stands against the 18-month rule, as the citizen is told (SPEC §6, §7).</summary>
public enum ChannelFreshness
{
    Fresh,
    /// <summary>16 months or more since the last confirmation: the citizen is warned.</summary>
    Expiring,
    /// <summary>18 months or more: the channel is not used.</summary>
    Expired,
}

/// <summary>When the citizen is asked to confirm (every 90 days, krr-reference.md §2.3) and how a channel stands.</summary>
public static class ConfirmationSchedule
{
    public static readonly TimeSpan Interval = TimeSpan.FromDays(90);

    /// <summary>Due when there is nothing to confirm yet, or when any channel's last confirmation is 90 days old.</summary>
    public static bool IsDue(IEnumerable<DateTimeOffset?> lastConfirmedPerChannel, DateTimeOffset now)
    {
        var confirmed = lastConfirmedPerChannel.ToList();
        return confirmed.Count == 0 || confirmed.Any(last => last is null || now - last.Value >= Interval);
    }

    public static ChannelFreshness Freshness(DateTimeOffset lastConfirmed, DateTimeOffset now) =>
        now >= ContactFreshness.Expires(lastConfirmed) ? ChannelFreshness.Expired
        : now >= ContactFreshness.WarningDue(lastConfirmed) ? ChannelFreshness.Expiring
        : ChannelFreshness.Fresh;
}
