using Krr.Api.Lookup;
using Krr.Api.MailboxProviders;
using Krr.Api.Wire;
using Krr.Grains.Domain;
using Krr.Grains.MailboxProviders;
using Krr.Grains.Persons;

namespace Krr.Api.SelfService;

/// <summary>Builds what the citizen sees of the own record: the register's Person object and MinProfil's status.</summary>
public sealed class CitizenProfile(IGrainFactory grains, MailboxOrders orders, RegisterClock clock)
{
    /// <summary>The Person object as the register delivers it, every block open: it is the person's own data.</summary>
    public async Task<PersonResponse> PersonAsync(string identifier, PersonRecord? record, LookupVersion version)
    {
        var certificates = new Dictionary<string, string>();
        if (record?.Mailbox is { } mailbox && await grains.GetMailboxProvider(mailbox.ProviderOrg).GetCertificateAsync() is { } certificate)
        {
            certificates[mailbox.ProviderOrg] = certificate;
        }
        return PersonProjection.Project(identifier, record, new LookupView(version, Contact: true, Mailbox: true), clock.UtcNow, certificates);
    }

    public async Task<ProfileResponse> ProfileAsync(string identifier, PersonRecord? record, CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        var active = record is { Status: PersonStatus.Active } ? record : null;
        var channels = new List<ChannelStatusResponse>();
        var warnings = new List<LocalizedText>();
        var lastConfirmed = new List<DateTimeOffset?>();
        foreach (var (channel, name) in new[] { (ContactChannel.Mobile, "mobil"), (ContactChannel.Email, "epost") })
        {
            if (active?.Channel(channel) is not { } value)
            {
                continue;
            }
            var confirmed = ContactFreshness.LastConfirmed(value.Updated, value.LastVerified, value.LastValidated)!.Value;
            lastConfirmed.Add(confirmed);
            var status = ConfirmationSchedule.Freshness(confirmed, now) switch
            {
                ChannelFreshness.Expired => "UTLOEPT",
                ChannelFreshness.Expiring => "UTLOEPER",
                _ => "GYLDIG",
            };
            channels.Add(new ChannelStatusResponse(name, status, WireTime.Format(ContactFreshness.Expires(confirmed)), value.LastValidated >= value.Updated));
            if (value.Duplicated)
            {
                warnings.Add(DuplicateWarning(channel));
            }
        }
        var answer = await orders.AnswerAsync(identifier, cancellationToken);
        return new ProfileResponse(
            await PersonAsync(identifier, record, LookupVersion.V2),
            ConfirmationSchedule.IsDue(lastConfirmed, now),
            channels,
            warnings,
            answer is null ? null : new MailboxChoiceResponse(
                answer.WantsMailbox ? "JA" : "NEI", answer.ProviderOrg, WireTime.Format(answer.AnsweredAt), WireTime.Format(answer.FulfilledAt)));
    }

    public static LocalizedText DuplicateWarning(ContactChannel channel) =>
        Texts.All3(channel == ContactChannel.Mobile ? "duplikat.mobil" : "duplikat.epost");
}
