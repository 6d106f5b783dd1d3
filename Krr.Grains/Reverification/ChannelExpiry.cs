using Krr.Grains.Domain;
using Krr.Grains.Persons;

namespace Krr.Grains.Reverification;

/// <summary>
/// Recording that a channel's 18 months ran out (<see cref="ContactChannelRecord.ExpiredAt"/>). Freshness itself is
/// computed at read time; the record exists so the expiry is a stored change the changes feed sees.
/// </summary>
public static class ChannelExpiry
{
    /// <summary>The newest of the channel's updated, verified and validated times.</summary>
    public static DateTimeOffset LastConfirmed(ContactChannelRecord channel) =>
        ContactFreshness.LastConfirmed(channel.Updated, channel.LastVerified, channel.LastValidated)!.Value;

    /// <summary>
    /// Whether the expiry of the channel's current confirmation is recorded. A later confirmation leaves an
    /// older <see cref="ContactChannelRecord.ExpiredAt"/> behind, which then no longer counts.
    /// </summary>
    public static bool IsRecorded(ContactChannelRecord channel) =>
        channel.ExpiredAt is { } expiredAt && expiredAt >= ContactFreshness.Expires(LastConfirmed(channel));

    /// <summary>
    /// Records the expiry of <paramref name="channel"/> for the confirmation at <paramref name="lastConfirmed"/>;
    /// the same instance when the channel has been confirmed since, is already recorded, or is still fresh.
    /// </summary>
    public static PersonRecord? Record(PersonRecord? current, ContactChannel channel, DateTimeOffset lastConfirmed, DateTimeOffset now)
    {
        var record = current is { Status: PersonStatus.Active } ? current.Channel(channel) : null;
        if (record is null
            || DueEntry.Stored(LastConfirmed(record)) != DueEntry.Stored(lastConfirmed)
            || IsRecorded(record)
            || ContactFreshness.IsFresh(LastConfirmed(record), now))
        {
            return current;
        }
        return current!.WithChannel(channel, record with { ExpiredAt = ContactFreshness.Expires(LastConfirmed(record)) }) with { Updated = now };
    }
}
