using Krr.Grains.Persons;

namespace Krr.Grains.Reverification;

/// <summary>Which entries a person's record puts on the schedule, and how a change moves them.</summary>
public static class DueSchedule
{
    private static readonly ContactChannel[] Channels = [ContactChannel.Email, ContactChannel.Mobile];

    /// <summary>
    /// An active person's channels, each with a warning (unless reserved: reserved persons are not warned) and an
    /// expiry, until the expiry of the current confirmation is recorded. Deleted and unknown persons have none.
    /// </summary>
    public static IReadOnlyList<DueEntry> For(PersonRecord? record)
    {
        if (record is not { Status: PersonStatus.Active })
        {
            return [];
        }
        var entries = new List<DueEntry>(4);
        foreach (var channel in Channels)
        {
            if (record.Channel(channel) is not { } channelRecord || ChannelExpiry.IsRecorded(channelRecord))
            {
                continue;
            }
            var lastConfirmed = DueEntry.Stored(ChannelExpiry.LastConfirmed(channelRecord));
            if (!record.Reserved)
            {
                entries.Add(new DueEntry(record.Identifier, channel, DueKind.Warn16, lastConfirmed));
            }
            entries.Add(new DueEntry(record.Identifier, channel, DueKind.Expire18, lastConfirmed));
        }
        return entries;
    }

    /// <summary>The entries to take off and to put on when a person's record goes from <paramref name="previous"/> to <paramref name="current"/>.</summary>
    public static (IReadOnlyList<DueEntry> Removed, IReadOnlyList<DueEntry> Added) Moves(PersonRecord? previous, PersonRecord? current)
    {
        var before = For(previous);
        var after = For(current);
        return (Without(before, after), Without(after, before));
    }

    /// <summary>
    /// The entries of <paramref name="entries"/> not in <paramref name="others"/>, in order, as <c>Except</c> would give
    /// them: a person has at most four entries, so two loops cost less than a set, and this runs on every change.
    /// </summary>
    private static IReadOnlyList<DueEntry> Without(IReadOnlyList<DueEntry> entries, IReadOnlyList<DueEntry> others)
    {
        List<DueEntry>? left = null;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var found = false;
            for (var j = 0; j < others.Count && !found; j++)
            {
                found = entry.Equals(others[j]);
            }
            if (!found)
            {
                (left ??= new List<DueEntry>(entries.Count - i)).Add(entry);
            }
        }
        return left is null ? [] : left;
    }
}
