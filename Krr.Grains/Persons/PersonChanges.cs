using Krr.Grains.LanguageSelection;

namespace Krr.Grains.Persons;

/// <summary>
/// The register's write rules as pure functions from the current record (null: not registered) to the next.
/// Returning the same instance means nothing changes. Duplicate flags of newly set values are left to the
/// grain's bookkeeping, which alone knows who else holds a value.
/// </summary>
public static class PersonChanges
{
    public static PersonRecord New(string identifier, DateTimeOffset now) =>
        new() { Identifier = identifier, Status = PersonStatus.Active, Updated = now };

    public static PersonRecord? SetContact(PersonRecord? current, string identifier, ContactChannel channel, ContactValue? value, DateTimeOffset now)
    {
        var old = current is { Status: PersonStatus.Active } ? current.Channel(channel) : null;
        if (value is null)
        {
            return old is null ? current : current!.WithChannel(channel, null) with { Updated = now };
        }
        if (old is not null && old.Value == value.Value && old.Normalized == value.Normalized)
        {
            return current;
        }
        var channelRecord = new ContactChannelRecord
        {
            Value = value.Value,
            Normalized = value.Normalized,
            Updated = now,
            // A new spelling of the same value is still the same value: it keeps its place among the owners.
            Duplicated = old is not null && old.Normalized == value.Normalized && old.Duplicated,
        };
        return Activate(current, identifier, now).WithChannel(channel, channelRecord) with { Updated = now };
    }

    public static PersonRecord? Confirm(PersonRecord? current, DateTimeOffset now)
    {
        if (current is not { Status: PersonStatus.Active } || (current.Email is null && current.Mobile is null))
        {
            return current;
        }
        return current with
        {
            Email = current.Email is null ? null : current.Email with { LastVerified = now },
            Mobile = current.Mobile is null ? null : current.Mobile with { LastVerified = now },
            Updated = now,
        };
    }

    public static PersonRecord? MarkValidated(PersonRecord? current, ContactChannel channel, string normalized, DateTimeOffset now)
    {
        var channelRecord = current is { Status: PersonStatus.Active } ? current.Channel(channel) : null;
        if (channelRecord is null || channelRecord.Normalized != normalized)
        {
            return current;
        }
        return current!.WithChannel(channel, channelRecord with { LastValidated = now }) with { Updated = now };
    }

    public static PersonRecord SetReservation(PersonRecord? current, string identifier, bool reserved, DateTimeOffset now)
    {
        if (current is { Status: PersonStatus.Active } && current.Reserved == reserved)
        {
            return current;
        }
        return Activate(current, identifier, now) with
        {
            Reserved = reserved,
            ReservedAt = reserved ? now : null,
            ReservationUpdated = now,
            Updated = now,
        };
    }

    public static PersonRecord? SetDigitalMailbox(PersonRecord? current, string identifier, DigitalMailboxRecord? mailbox, DateTimeOffset now)
    {
        if ((current is { Status: PersonStatus.Active } ? current.Mailbox : null) == mailbox)
        {
            return current;
        }
        return Activate(current, identifier, now) with { Mailbox = mailbox, Updated = now };
    }

    public static PersonRecord SetLanguage(PersonRecord? current, string identifier, string language, DateTimeOffset now)
    {
        if (current is { Status: PersonStatus.Active } && current.Language == language)
        {
            return current;
        }
        return Activate(current, identifier, now) with { Language = language, LanguageUpdated = now, Updated = now };
    }

    /// <summary>An agency's write: never overrides a language the citizen (or anyone) already chose.</summary>
    public static (PersonRecord Next, LanguageOutcome Outcome) SetLanguageIfUnset(PersonRecord? current, string identifier, string language, DateTimeOffset now)
    {
        if (current is { Status: PersonStatus.Active, Language: not null })
        {
            return (current, LanguageOutcome.AlreadySet);
        }
        var outcome = current is { Status: PersonStatus.Active } ? LanguageOutcome.Set : LanguageOutcome.Created;
        return (SetLanguage(current, identifier, language, now), outcome);
    }

    public static PersonRecord? Delete(PersonRecord? current, DateTimeOffset now) =>
        current is not { Status: PersonStatus.Active }
            ? current
            : new PersonRecord { Identifier = current.Identifier, Status = PersonStatus.Deleted, Updated = now };

    public static PersonRecord? SetDuplicateFlag(PersonRecord? current, ContactChannel channel, string normalized, bool duplicated, DateTimeOffset now)
    {
        var channelRecord = current?.Channel(channel);
        if (channelRecord is null || channelRecord.Normalized != normalized || channelRecord.Duplicated == duplicated)
        {
            return current;
        }
        return current!.WithChannel(channel, channelRecord with { Duplicated = duplicated }) with { Updated = now };
    }

    /// <summary>Any write by or for a person makes a deleted or unknown person a registered one again.</summary>
    private static PersonRecord Activate(PersonRecord? current, string identifier, DateTimeOffset now) =>
        current is { Status: PersonStatus.Active } ? current : New(identifier, now);
}
