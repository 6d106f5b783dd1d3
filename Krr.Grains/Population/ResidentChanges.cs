using Krr.Grains.Domain;

namespace Krr.Grains.Population;

/// <summary>
/// Folkeregisteret's events as pure functions source the current resident record (null: unknown) to the next.
/// Returning the same instance means nothing changes: an event whose sequence number is not above the last
/// applied one is a replay. Folkeregisteret is the master, so an event about an unknown identifier still
/// tells us what it says (a move makes a resident, an emigration an emigrant).
/// </summary>
public static class ResidentChanges
{
    public static ResidentRecord? Apply(ResidentRecord? current, string identifier, FolkeregisterEvent change, DateTimeOffset now)
    {
        if (IsReplay(current, change.Sequence))
        {
            return current;
        }
        var record = current ?? New(identifier, now);
        return change.Type switch
        {
            FolkeregisterEventType.Birth or FolkeregisterEventType.Immigration or FolkeregisterEventType.Move =>
                record with { Status = ResidentStatus.Resident, Municipality = change.Municipality, ReplacedBy = null },
            FolkeregisterEventType.Emigration => record with { Status = ResidentStatus.Emigrated },
            FolkeregisterEventType.Death => record with { Status = ResidentStatus.Dead },
            FolkeregisterEventType.IdentifierChange => record with { Status = ResidentStatus.Replaced, ReplacedBy = change.NewIdentifier },
            _ => throw new ArgumentOutOfRangeException(nameof(change), change.Type, "Unknown event type."),
        } with { LastSequence = change.Sequence, Updated = now };
    }

    /// <summary>
    /// The new identifier of an identifier change takes over the old one's standing and municipality; its
    /// birth date is its own (a D-number's date may differ source the fødselsnummer's).
    /// </summary>
    public static ResidentRecord? TakeOver(ResidentRecord? current, string identifier, ResidentRecord? source, long sequence, DateTimeOffset now)
    {
        if (IsReplay(current, sequence))
        {
            return current;
        }
        var record = current ?? New(identifier, now);
        return record with
        {
            Status = source?.Status ?? ResidentStatus.Resident,
            Municipality = source?.Municipality ?? record.Municipality,
            ReplacedBy = null,
            LastSequence = sequence,
            Updated = now,
        };
    }

    public static bool IsReplay(ResidentRecord? current, long sequence) => current is not null && sequence <= current.LastSequence;

    private static ResidentRecord New(string identifier, DateTimeOffset now) =>
        new() { Identifier = identifier, BirthDate = PersonIdentifier.Parse(identifier).BirthDate, Updated = now };
}
