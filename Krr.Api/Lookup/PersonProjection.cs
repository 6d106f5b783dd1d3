using Krr.Api.Wire;
using Krr.Grains.Persons;

namespace Krr.Api.Lookup;

/// <summary>Turns a stored record into what one caller may see of it (SPEC §4).</summary>
public static class PersonProjection
{
    private const string Yes = "JA";
    private const string No = "NEI";

    public static PersonResponse Project(
        string identifier, PersonRecord? record, LookupView view, DateTimeOffset now, IReadOnlyDictionary<string, string> certificates)
    {
        if (record is null)
        {
            return Unavailable(identifier, "IKKE_REGISTRERT", view);
        }
        if (record.Status == PersonStatus.Deleted)
        {
            return Unavailable(identifier, "SLETTET", view);
        }
        var v2 = view.Version == LookupVersion.V2;
        // Reserved persons may still be notified, but not sent digital post (krr-reference.md §2.1).
        var mailbox = view.Mailbox && !record.Reserved ? record.Mailbox : null;
        return new PersonResponse
        {
            Personidentifikator = identifier,
            Reservasjon = record.Reserved ? Yes : No,
            Reservasjonstidspunkt = record.Reserved ? WireTime.Format(record.ReservedAt) : null,
            ReservasjonOppdatert = WireTime.Format(record.ReservationUpdated),
            Status = "AKTIV",
            Varslingsstatus = view.Contact ? NotificationStatus(PersonNotification.CanNotify(record, now)) : null,
            Kontaktinformasjon = view.Contact ? Contact(record, v2) : null,
            DigitalPost = mailbox is null ? null : new DigitalPostResponse(mailbox.Address, mailbox.ProviderOrg),
            Sertifikat = mailbox is not null && certificates.TryGetValue(mailbox.ProviderOrg, out var certificate) ? certificate : null,
            Spraak = view.Contact ? record.Language : null,
            SpraakOppdatert = view.Contact ? WireTime.Format(record.LanguageUpdated) : null,
            Oppdatert = v2 ? WireTime.Format(record.Updated) : null,
        };
    }

    private static PersonResponse Unavailable(string identifier, string status, LookupView view) => new()
    {
        Personidentifikator = identifier,
        Status = status,
        Varslingsstatus = view.Contact ? NotificationStatus(false) : null,
    };

    private static string NotificationStatus(bool canNotify) => canNotify ? "KAN_VARSLES" : "KAN_IKKE_VARSLES";

    private static ContactInformationResponse? Contact(PersonRecord record, bool v2)
    {
        if (record.Email is null && record.Mobile is null)
        {
            return null;
        }
        var email = record.Email;
        var mobile = record.Mobile;
        return new ContactInformationResponse
        {
            Epostadresse = email?.Value,
            EpostadresseOppdatert = WireTime.Format(email?.Updated),
            EpostadresseSistVerifisert = WireTime.Format(email?.LastVerified),
            EpostadresseSistValidert = v2 ? WireTime.Format(email?.LastValidated) : null,
            EpostadresseDuplisert = v2 && email is not null ? (email.Duplicated ? Yes : No) : null,
            Mobiltelefonnummer = mobile?.Value,
            MobiltelefonnummerOppdatert = WireTime.Format(mobile?.Updated),
            MobiltelefonnummerSistVerifisert = WireTime.Format(mobile?.LastVerified),
            MobiltelefonnummerSistValidert = v2 ? WireTime.Format(mobile?.LastValidated) : null,
            MobiltelefonnummerDuplisert = v2 && mobile is not null ? (mobile.Duplicated ? Yes : No) : null,
        };
    }
}
