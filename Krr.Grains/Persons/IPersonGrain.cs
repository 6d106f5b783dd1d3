using Krr.Grains.Reverification;

namespace Krr.Grains.Persons;

/// <summary>
/// One person in the register, keyed by <see cref="PersonKey"/>. Every write returns only after the record is
/// stored and every co-owner's duplicate flag is updated.
/// </summary>
[Alias("krr.IPersonGrain")]
public interface IPersonGrain : IDuplicateFlagListener, IReverificationTarget
{
    /// <summary>The stored record, or null when the person has never been registered (IKKE_REGISTRERT).</summary>
    [AlwaysInterleave, Alias("Get")]
    Task<PersonRecord?> GetAsync();

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

    [Alias("SetLanguage")]
    Task<PersonRecord> SetLanguageAsync(string language);

    /// <summary>Deletes the registration: status SLETTET, contact data erased, co-owners' flags updated.</summary>
    [Alias("Delete")]
    Task<PersonRecord?> DeleteAsync();

    /// <summary>
    /// Replaces the whole record, with its timestamps, for demo and test data. Duplicate flags are still
    /// computed by the register, never taken from the seed.
    /// </summary>
    [Alias("Seed")]
    Task<PersonRecord> SeedAsync(PersonRecord record);
}
