using Krr.Grains.Domain;

namespace Krr.Grains.Persons;

/// <summary>The 18-month rule applied to a whole record (SPEC §7): computed at read time, right to the second.</summary>
public static class PersonNotification
{
    public static bool IsFresh(ContactChannelRecord? channel, DateTimeOffset now) =>
        channel is not null
        && ContactFreshness.IsFresh(channel.Updated, channel.LastVerified, channel.LastValidated, now);

    /// <summary>KAN_VARSLES: active, not reserved, and at least one channel fresh.</summary>
    public static bool CanNotify(PersonRecord? record, DateTimeOffset now) =>
        record is not null
        && NotificationStatus.CanNotify(
            record.Status == PersonStatus.Active,
            record.Reserved,
            IsFresh(record.Email, now) || IsFresh(record.Mobile, now));
}
