using System.Text.Json.Serialization;
using Krr.Api.Lookup;
using Krr.Grains.Domain;
using Krr.Grains.Statistics;

namespace Krr.Api.TestData;

/// <summary>
/// <c>POST /testdata/personer</c>: a synthetic test person (month + 80 identity) with chosen attributes. Every field
/// is optional: birth date defaults to 1 January 1990, municipality to Oslo, status to AKTIV.
/// </summary>
public sealed record NewTestPerson
{
    [JsonPropertyName("foedselsdato")] public DateOnly? BirthDate { get; init; }
    [JsonPropertyName("kommunenummer")] public string? Municipality { get; init; }
    [JsonPropertyName("status")] public string? Status { get; init; }
    [JsonPropertyName("reservasjon")] public string? Reserved { get; init; }
    [JsonPropertyName("spraak")] public string? Language { get; init; }
    [JsonPropertyName("epostadresse")] public string? Email { get; init; }
    [JsonPropertyName("mobiltelefonnummer")] public string? Mobile { get; init; }
    [JsonPropertyName("digital_post")] public DigitalPostResponse? Mailbox { get; init; }

    public static readonly DateOnly DefaultBirthDate = new(1990, 1, 1);

    public List<ValidationError> Validate()
    {
        var errors = new List<ValidationError>();
        if (BirthDate is { } birthDate && (birthDate.Year < 1900 || birthDate.Year > 2039))
            errors.Add(new("foedselsdato.invalid", $"foedselsdato {birthDate:yyyy-MM-dd} must be in 1900–2039, the years a synthetic identity can encode here"));
        if (Municipality is not null && !Grains.Statistics.Municipality.TryParse(Municipality, out _, out var municipalityError))
            errors.Add(municipalityError);
        if (Status is not (null or "AKTIV" or "SLETTET" or "IKKE_REGISTRERT"))
            errors.Add(new("status.invalid", $"status '{Status}' is not AKTIV, SLETTET or IKKE_REGISTRERT"));
        if (Reserved is not (null or "JA" or "NEI"))
            errors.Add(new("reservasjon.invalid", $"reservasjon '{Reserved}' is not JA or NEI"));
        if (Language is not null && !Grains.Domain.Language.TryParse(Language, out _, out var languageError))
            errors.Add(languageError);
        if (Email is not null && !EmailAddress.TryParse(Email, out _, out var emailError))
            errors.Add(emailError);
        if (Mobile is not null && !MobileNumber.TryParse(Mobile, out _, out var mobileError))
            errors.Add(mobileError);
        if (Mailbox is not null && !OrganizationNumber.TryParse(Mailbox.Postkasseleverandoeradresse, out _, out var providerError))
            errors.Add(providerError);
        if (Mailbox is not null && string.IsNullOrWhiteSpace(Mailbox.Postkasseadresse))
            errors.Add(new("postkasseadresse.missing", "digital_post needs a postkasseadresse"));
        var registers = Reserved is not null || Language is not null || Email is not null || Mobile is not null || Mailbox is not null;
        if (Status is "SLETTET" or "IKKE_REGISTRERT" && registers)
            errors.Add(new("status.conflict", $"a {Status} person has no KRR data; leave out reservasjon, spraak, contact values and digital_post"));
        return errors;
    }
}
