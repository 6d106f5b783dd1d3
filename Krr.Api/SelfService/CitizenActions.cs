using Krr.Api.Auth;
using Krr.Api.Lookup;
using Krr.Api.MailboxProviders;
using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Grains.Verification;

namespace Krr.Api.SelfService;

/// <summary>
/// The citizen's operations on the own record (SPEC §6), shared by MinProfil's API and its pages: each validates
/// its input first and answers a <see cref="ValidationError"/> without calling a grain when it is wrong.
/// </summary>
public sealed class CitizenActions(IGrainFactory grains, CitizenProfile profile, MailboxOrders orders, RegisterClock clock)
{
    public const string Yes = "JA";
    public const string No = "NEI";

    public async Task<(ContactChangeResponse? Answer, ValidationError? Error)> SetMobileAsync(string pid, string? value) =>
        MobileNumber.TryParse(value, out var mobile, out var error)
            ? (await SetContactAsync(pid, ContactChannel.Mobile, new ContactValue(mobile.E164, mobile.E164)), null)
            : (null, error);

    public async Task<(ContactChangeResponse? Answer, ValidationError? Error)> SetEmailAsync(string pid, string? value) =>
        EmailAddress.TryParse(value, out var email, out var error)
            ? (await SetContactAsync(pid, ContactChannel.Email, new ContactValue(email.Value, email.Normalized)), null)
            : (null, error);

    /// <summary>Sets or (with null) removes a value; setting one starts its validation (SPEC §6) unless it is already proven.</summary>
    public async Task<ContactChangeResponse> SetContactAsync(string pid, ContactChannel channel, ContactValue? value)
    {
        var record = await grains.GetPerson(pid).SetContactAsync(channel, value);
        var current = record is { Status: PersonStatus.Active } ? record.Channel(channel) : null;
        var codeSent = current is not null && !(current.LastValidated >= current.Updated)
            && (await grains.GetOneTimeCode(pid, channel).SendAsync()).Outcome == SendCodeOutcome.Sent;
        return new ContactChangeResponse(
            await profile.PersonAsync(pid, record, LookupVersion.V2),
            current is { Duplicated: true } ? CitizenProfile.DuplicateWarning(channel) : null,
            codeSent);
    }

    /// <summary>"Bekreft og gå videre": both values confirmed in one step.</summary>
    public async Task<ProfileResponse> ConfirmAsync(string pid, CancellationToken ct) =>
        await profile.ProfileAsync(pid, await grains.GetPerson(pid).ConfirmAsync(), ct);

    public async Task<(ProfileResponse? Answer, ValidationError? Error)> SetReservationAsync(string pid, string? answer, CancellationToken ct) =>
        answer is Yes or No
            ? (await profile.ProfileAsync(pid, await grains.GetPerson(pid).SetReservationAsync(answer == Yes), ct), null)
            : (null, new ValidationError("reservasjon.invalid", $"Got '{answer}'."));

    /// <summary>
    /// "Jeg ønsker å få post fra stat og kommune i digital postkasse": JA with a provider queues an order for that
    /// provider, which then creates the mailbox (SPEC §6.2); NEI withdraws an open order.
    /// </summary>
    public async Task<(ProfileResponse? Answer, ValidationError? Error)> ChooseMailboxAsync(string pid, string? answer, string? provider, CancellationToken ct)
    {
        if (answer is not (Yes or No))
        {
            return (null, new ValidationError("digitalpost.invalid", $"Got '{answer}'."));
        }
        var chosen = answer == Yes ? provider : null;
        if (answer == Yes && (chosen is null || !KrrPolicies.MailboxProviderOrganizations.Contains(chosen)))
        {
            return (null, new ValidationError("digitalpost.leverandoer", $"Got '{chosen}'."));
        }
        await orders.RecordAsync(pid, chosen, clock.UtcNow, ct);
        return (await profile.ProfileAsync(pid, await grains.GetPerson(pid).GetAsync(), ct), null);
    }

    public async Task<(PersonRecord? Record, ValidationError? Error)> SetLanguageAsync(string pid, string? code) =>
        Language.TryParse(code, out var language, out var error)
            ? (await grains.GetPerson(pid).SetLanguageAsync(language.Code), null)
            : (null, error);

    public async Task<ProfileResponse> DeleteAsync(string pid, CancellationToken ct)
    {
        var record = await grains.GetPerson(pid).DeleteAsync();
        // A deleted person has no mailbox, so an order still in a provider's queue is withdrawn too.
        await orders.RecordAsync(pid, null, clock.UtcNow, ct);
        return await profile.ProfileAsync(pid, record, ct);
    }
}
