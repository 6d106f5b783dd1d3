using Krr.Grains.Persons;

namespace Krr.Grains.Population;

/// <summary>
/// What the new identifier's KRR record becomes when an identifier change moves the old one's data to it
/// (krr-reference.md §2.4): a new identifier without a registration takes the old record whole, mailbox and
/// reservation included; one that is already registered keeps its own values and gains only what it lacks.
/// Duplicate flags are left to the grain's bookkeeping, which recomputes them for every value it gains.
/// </summary>
public static class IdentifierChange
{
    public static PersonRecord? Adopt(PersonRecord? current, PersonRecord source, string identifier, DateTimeOffset now)
    {
        if (source.Status != PersonStatus.Active)
        {
            return current;
        }
        if (current is not { Status: PersonStatus.Active })
        {
            return source with { Identifier = identifier, Updated = now };
        }
        var reserved = current.Reserved || source.Reserved;
        var merged = current with
        {
            Email = current.Email ?? source.Email,
            Mobile = current.Mobile ?? source.Mobile,
            Mailbox = current.Mailbox ?? source.Mailbox,
            Language = current.Language ?? source.Language,
            LanguageUpdated = current.Language is null ? source.LanguageUpdated : current.LanguageUpdated,
            Reserved = reserved,
            ReservedAt = current.Reserved ? current.ReservedAt : source.ReservedAt,
            ReservationUpdated = current.Reserved ? current.ReservationUpdated : source.ReservationUpdated,
        };
        return merged == current ? current : merged with { Updated = now };
    }
}
