namespace Krr.Grains.Domain;

/// <summary><c>varslingsstatus</c> (SPEC §7, krr-reference §2.2).</summary>
public static class NotificationStatus
{
    /// <summary>
    /// <c>KAN_VARSLES</c> when the person is AKTIV, not reserved and has at least one fresh channel.
    /// "Any channel" because the register's own test users with only a mobile or only an e-mail are KAN_VARSLES.
    /// </summary>
    public static bool CanNotify(bool active, bool reserved, bool anyChannelFresh) => active && !reserved && anyChannelFresh;
}
