using System.Globalization;
using Krr.Grains.Domain;
using Krr.Grains.Messaging;
using Krr.Grains.Persons;

namespace Krr.Grains.Reverification;

/// <summary>
/// The 16-month warning (SPEC §7): by e-mail, else by SMS. Only a fresh address is used: § 32 forbids notifying
/// through an expired one, so a person whose e-mail has expired is warned about the mobile by SMS.
/// </summary>
public static class WarningMessage
{
    private const string Link = "https://minprofil.kontaktregisteret.no/";

    /// <summary>
    /// The warning for a confirmation at <paramref name="lastConfirmed"/>, or null when no address is fresh at <paramref name="now"/>.
    /// The dedupe key names the person, the channel it goes through and the confirmation, so channels
    /// confirmed together get one warning and a bucket firing twice sends nothing twice.
    /// </summary>
    public static OutboxMessage? For(PersonRecord record, DateTimeOffset lastConfirmed, DateTimeOffset now)
    {
        var (channel, recipient) = PersonNotification.IsFresh(record.Email, now) ? (MessageChannel.Email, record.Email!.Value)
            : PersonNotification.IsFresh(record.Mobile, now) ? (MessageChannel.Sms, record.Mobile!.Value)
            : (MessageChannel.Email, null);
        if (recipient is null)
        {
            return null;
        }
        var stored = DueEntry.Stored(lastConfirmed);
        var key = $"warn16:{record.Identifier}:{(channel == MessageChannel.Email ? "email" : "sms")}:{stored.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture)}";
        var (subject, body) = Text(record.Language, stored, ContactFreshness.Expires(stored));
        return new OutboxMessage(key, channel, recipient, channel == MessageChannel.Email ? subject : null, body);
    }

    /// <summary>
    /// Dates are UTC calendar dates: never later than the Norwegian date of the same instant, so the deadline shown
    /// is never later than the real one. Northern Sami has no approved text yet and gets bokmål.
    /// </summary>
    private static (string Subject, string Body) Text(string? language, DateTimeOffset lastConfirmed, DateTimeOffset expires)
    {
        var confirmed = lastConfirmed.UtcDateTime.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        var deadline = expires.UtcDateTime.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture);
        return language switch
        {
            "nn" => ("Stadfest kontaktinformasjonen din i Kontaktregisteret",
                $"Kontaktinformasjonen din i Kontakt- og reservasjonsregisteret vart sist oppdatert eller stadfesta {confirmed}. "
                + $"Stadfest eller oppdater ho innan {deadline} på {Link}, elles kan ikkje offentlege verksemder lenger bruke ho til å varsle deg."),
            "en" => ("Confirm your contact information in the Common Contact Register",
                $"Your contact information in the Common Contact Register was last updated or confirmed on {confirmed}. "
                + $"Confirm or update it by {deadline} at {Link}, or public agencies can no longer use it to notify you."),
            _ => ("Bekreft kontaktinformasjonen din i Kontaktregisteret",
                $"Kontaktinformasjonen din i Kontakt- og reservasjonsregisteret ble sist oppdatert eller bekreftet {confirmed}. "
                + $"Bekreft eller oppdater den innen {deadline} på {Link}, ellers kan ikke offentlige virksomheter lenger bruke den til å varsle deg."),
        };
    }
}
