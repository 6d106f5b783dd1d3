using Krr.Grains.LanguageSelection;
using Krr.Grains.Reverification;

namespace Krr.Grains.Persons;

/// <summary>
/// One person in the register, keyed by <see cref="PersonKey"/>. Every write returns only after the record is
/// stored and every co-owner's duplicate flag is updated.
/// </summary>
[Alias("krr.IPersonGrain")]
public interface IPersonGrain : IDuplicateFlagListener, IReverificationTarget
{
    /// <summary>
    /// Settles contact values a failed change left unsettled (owner sets and co-owners' flags re-derived from the
    /// stored record); nothing when there are none. Throws when storage or a co-owner does not answer.
    /// </summary>
    [Alias("Settle")]
    Task SettleAsync();

    /// <summary>The stored record, or null when the person has never been registered (IKKE_REGISTRERT).</summary>
    [AlwaysInterleave, Alias("Get")]
    Task<PersonRecord?> GetAsync();

    /// <summary>
    /// The published record with its version, or null when <paramref name="known"/> names that very publication: a
    /// lookup's read that sends the record only to a caller that does not hold it (<c>ILookupGrain</c>).
    /// </summary>
    [AlwaysInterleave, Alias("GetIfChanged")]
    Task<Lookup.VersionedRecord?> GetIfChangedAsync(Lookup.RecordVersion known);

    /// <summary>
    /// Nothing but a message: a lookup answered from <see cref="Lookup.ActivePersons"/> sends none, so without it the silo
    /// would collect a person looked up constantly as idle. <see cref="Lookup.LookupGrain"/> sends it at most once per
    /// half of the person's collection age.
    /// </summary>
    [OneWay, AlwaysInterleave, Alias("StillUsed")]
    Task StillUsedAsync();

    /// <summary>Sets, changes or (with null) removes the e-mail or mobile value.</summary>
    [Alias("SetContact")]
    Task<PersonRecord?> SetContactAsync(ContactChannel channel, ContactValue? value);

    /// <summary>The citizen confirms that the current values are right ("Bekreft og gå videre").</summary>
    [Alias("Confirm")]
    Task<PersonRecord?> ConfirmAsync();

    /// <summary>Records that the citizen proved control of the channel's current value with a one-time code.</summary>
    [Alias("MarkValidated")]
    Task<PersonRecord?> MarkValidatedAsync(ContactChannel channel, string normalized);

    [Alias("SetReservation")]
    Task<PersonRecord> SetReservationAsync(bool reserved);

    /// <summary>Sets or (with null) removes the digital mailbox.</summary>
    [Alias("SetDigitalMailbox")]
    Task<PersonRecord?> SetDigitalMailboxAsync(DigitalMailboxRecord? mailbox);

    /// <summary>
    /// A mailbox provider creates, updates or removes the person's mailbox; the provider interface's rules are
    /// checked under the write lock, so a check and its change cannot be split by another write.
    /// </summary>
    [Alias("ChangeMailboxByProvider")]
    Task<MailboxProviders.MailboxProviderResult> ChangeMailboxByProviderAsync(MailboxProviders.MailboxOperation operation, string providerOrg, string? address);

    [Alias("SetLanguage")]
    Task<PersonRecord> SetLanguageAsync(string language);

    /// <summary>
    /// An agency's language write (SPEC §9): sets the language only when the person has none, creating an AKTIV
    /// person with only the language when there is no active registration.
    /// </summary>
    [Alias("SetLanguageIfUnset")]
    Task<LanguageResult> SetLanguageIfUnsetAsync(string language);

    /// <summary>Deletes the registration: status SLETTET, contact data erased, co-owners' flags updated.</summary>
    [Alias("Delete")]
    Task<PersonRecord?> DeleteAsync();

    /// <summary>
    /// Replaces the whole record, with its timestamps, for demo and test data. Duplicate flags are still
    /// computed by the register, never taken from the seed.
    /// </summary>
    [Alias("Seed")]
    Task<PersonRecord> SeedAsync(PersonRecord record);

    /// <summary>
    /// Identifier change (SPEC §10): moves the whole registration, digital mailbox included, to
    /// <paramref name="newIdentifier"/> and deletes this one. Safe to repeat: a deleted person has nothing to move.
    /// </summary>
    [Alias("TransferTo")]
    Task TransferToAsync(string newIdentifier);

    /// <summary>Takes over a registration moved here by <see cref="TransferToAsync"/> (rules in <c>IdentifierChange</c>).</summary>
    [Alias("Adopt")]
    Task<PersonRecord?> AdoptAsync(PersonRecord source);
}
