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

    /// <summary>
    /// The instant from which <see cref="CanNotify"/> is false as time passes: the newest channel's 18-month expiry. Null
    /// when the answer does not depend on the time (not active, reserved, or no channel ever confirmed: never notifiable).
    /// </summary>
    public static DateTimeOffset? NotifiableUntil(PersonRecord? record)
    {
        if (record is not { Status: PersonStatus.Active, Reserved: false })
        {
            return null;
        }
        var email = Expires(record.Email);
        var mobile = Expires(record.Mobile);
        return email is null || mobile > email ? mobile : email;
    }

    private static DateTimeOffset? Expires(ContactChannelRecord? channel) =>
        channel is not null && ContactFreshness.LastConfirmed(channel.Updated, channel.LastVerified, channel.LastValidated) is { } confirmed
            ? ContactFreshness.Expires(confirmed)
            : null;
}
