using System.Text.Json.Serialization;
using Krr.Api.Lookup;
using Krr.Api.Wire;

namespace Krr.Api.SelfService;

/// <summary>The citizen's own record with what MinProfil tells about it.</summary>
public sealed record ProfileResponse(
    [property: JsonPropertyName("person")] PersonResponse Person,
    [property: JsonPropertyName("bekreftelse_forfaller")] bool ConfirmationDue,
    [property: JsonPropertyName("kanaler")] IReadOnlyList<ChannelStatusResponse> Channels,
    [property: JsonPropertyName("advarsler")] IReadOnlyList<LocalizedText> Warnings,
    [property: JsonPropertyName("digital_postkasse_valg")] MailboxChoiceResponse? MailboxChoice);

/// <summary>The citizen's answer to the mailbox question: JA with the provider (and when it created the mailbox) or NEI.</summary>
public sealed record MailboxChoiceResponse(
    [property: JsonPropertyName("svar")] string Answer,
    [property: JsonPropertyName("postkasseleverandoeradresse")] string? ProviderOrg,
    [property: JsonPropertyName("besvart")] string AnsweredAt,
    [property: JsonPropertyName("opprettet")] string? FulfilledAt);

/// <summary>One channel against the 18-month rule: <c>status</c> is GYLDIG, UTLOEPER (16 months) or UTLOEPT (18 months).</summary>
public sealed record ChannelStatusResponse(
    [property: JsonPropertyName("kanal")] string Channel,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("utloeper")] string Expires,
    [property: JsonPropertyName("validert")] bool Validated);

/// <summary>The answer to setting a contact value: the record, the duplicate warning when shared, and whether a code went out.</summary>
public sealed record ContactChangeResponse(
    [property: JsonPropertyName("person")] PersonResponse Person,
    [property: JsonPropertyName("advarsel")] LocalizedText? Warning,
    [property: JsonPropertyName("kode_sendt")] bool CodeSent);

public sealed record MobileRequest([property: JsonPropertyName("mobiltelefonnummer")] string? Mobiltelefonnummer);

public sealed record EmailRequest([property: JsonPropertyName("epostadresse")] string? Epostadresse);

public sealed record LanguageRequest([property: JsonPropertyName("spraak")] string? Spraak);

public sealed record ReservationRequest([property: JsonPropertyName("reservasjon")] string? Reservasjon);

/// <summary>"Jeg ønsker å få post fra stat og kommune i digital postkasse": JA with the chosen provider, or NEI.</summary>
public sealed record MailboxChoiceRequest(
    [property: JsonPropertyName("digital_postkasse")] string? DigitalPostkasse,
    [property: JsonPropertyName("postkasseleverandoeradresse")] string? Postkasseleverandoeradresse);
