using Krr.Grains.Persons;

namespace Krr.Grains.MailboxProviders;

/// <summary>What a provider asks of a person's mailbox (krr-reference.md §2.5).</summary>
[GenerateSerializer, Alias("krr.MailboxOperation")]
public enum MailboxOperation
{
    /// <summary><c>OpprettOgVelgSikkerDigitalPostkasse</c>.</summary>
    Create = 0,
    /// <summary><c>OppdaterPostkasse</c>.</summary>
    Update = 1,
    /// <summary><c>SlettPostkasse</c>.</summary>
    Remove = 2,
}

/// <summary>Why a provider's request was refused; the wire codes are the register's provider interface codes.</summary>
[GenerateSerializer, Alias("krr.MailboxProviderError")]
public enum MailboxProviderError
{
    None = 0,
    /// <summary><c>BRUKER_IKKE_FUNNET</c>: the person is not registered (or deleted).</summary>
    UserNotFound = 1,
    /// <summary><c>RESERVERT</c>: a reserved person gets no digital post.</summary>
    Reserved = 2,
    /// <summary><c>ALLEREDE_AKTIV</c>: the person already has a mailbox.</summary>
    AlreadyActive = 3,
    /// <summary><c>INGEN_POSTBOKS_FUNNET</c>: the person has no mailbox at this provider.</summary>
    NoMailbox = 4,
}

[GenerateSerializer, Immutable, Alias("krr.MailboxProviderResult")]
public sealed record MailboxProviderResult([property: Id(0)] MailboxProviderError Error, [property: Id(1)] PersonRecord? Record);

/// <summary>The provider interface's rules as pure functions. A provider only ever touches its own mailboxes.</summary>
public static class MailboxProviderRules
{
    /// <summary><c>KanVelgeSikkerDigitalPostkasse</c>: only a registered, unreserved person without an active mailbox.</summary>
    public static MailboxProviderError MayChoose(PersonRecord? current) => current switch
    {
        not { Status: PersonStatus.Active } => MailboxProviderError.UserNotFound,
        { Reserved: true } => MailboxProviderError.Reserved,
        { Mailbox: not null } => MailboxProviderError.AlreadyActive,
        _ => MailboxProviderError.None,
    };

    /// <summary>The error, or the mailbox the person should have after the operation.</summary>
    public static (MailboxProviderError Error, DigitalMailboxRecord? Mailbox) Apply(
        PersonRecord? current, MailboxOperation operation, string providerOrg, string? address)
    {
        if (operation == MailboxOperation.Create)
        {
            var error = MayChoose(current);
            return error == MailboxProviderError.None ? (error, new DigitalMailboxRecord(address!, providerOrg)) : (error, null);
        }
        if (current is not { Status: PersonStatus.Active })
        {
            return (MailboxProviderError.UserNotFound, null);
        }
        if (current.Mailbox?.ProviderOrg != providerOrg)
        {
            return (MailboxProviderError.NoMailbox, null);
        }
        return operation == MailboxOperation.Update
            ? (MailboxProviderError.None, new DigitalMailboxRecord(address!, providerOrg))
            : (MailboxProviderError.None, null);
    }
}
