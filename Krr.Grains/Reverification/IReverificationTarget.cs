using Krr.Grains.Persons;

namespace Krr.Grains.Reverification;

/// <summary>What a due-day bucket asks of a person grain.</summary>
[Alias("krr.IReverificationTarget")]
public interface IReverificationTarget : IGrainWithStringKey
{
    /// <summary>Records that the channel's confirmation at <paramref name="lastConfirmed"/> has expired; nothing when it has been confirmed since.</summary>
    [Alias("RecordExpiry")]
    Task RecordExpiryAsync(ContactChannel channel, DateTimeOffset lastConfirmed);

    /// <summary>Puts the person's current entries on the schedule again (repairs a move lost with a silo).</summary>
    [Alias("Reschedule")]
    Task RescheduleAsync();
}
