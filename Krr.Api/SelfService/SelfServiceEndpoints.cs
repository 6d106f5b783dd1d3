using Krr.Api.AccessLog;
using Krr.Api.Auth;
using System.Text.Json;
using Krr.Api.Lookup;
using Krr.Api.Lookup.Jose;
using Krr.Api.MailboxProviders;
using Krr.Api.Wire;
using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Grains.Verification;

namespace Krr.Api.SelfService;

/// <summary>
/// The citizen's own record (SPEC §6): the register's <c>/rest/v1/person</c> and MinProfil's API under
/// <c>/api/minprofil</c>. The person is always the token's <c>pid</c>, never a parameter. A rejected input
/// answers 400 in the caller's language before any grain is called, so it changes nothing.
/// </summary>
public static class SelfServiceEndpoints
{
    private const string Yes = "JA";
    private const string No = "NEI";

    public static IServiceCollection AddSelfService(this IServiceCollection services) => services
        .AddSingleton<CitizenProfile>()
        .AddSingleton<AccessLogReader>()
        .AddSingleton<MailboxOrders>();

    public static IEndpointRouteBuilder MapSelfService(this IEndpointRouteBuilder app)
    {
        var person = app.MapGroup("/rest/v1/person").RequireAuthorization(KrrPolicies.Citizen);
        person.MapGet("", async (HttpContext http, IGrainFactory grains, CitizenProfile profile, ResponseSigner signer) =>
        {
            var pid = Pid(http);
            var json = JsonSerializer.SerializeToUtf8Bytes(await profile.PersonAsync(pid, await grains.GetPerson(pid).GetAsync(), LookupVersion.V1), WireJson.Options);
            // Signed like the lookup when asked for application/jose (krr-reference.md §1.6).
            return LookupHandler.WantsJose(http.Request)
                ? Results.Text(signer.SignCompact(json), ResponseSigner.MediaType)
                : Results.Bytes(json, "application/json");
        });
        person.MapPatch("", (HttpContext http, IGrainFactory grains, CitizenProfile profile) => SetLanguageAsync(http, grains, profile, LookupVersion.V1));

        var me = app.MapGroup("/api/minprofil").RequireAuthorization(KrrPolicies.Citizen);
        me.MapGet("", async (HttpContext http, IGrainFactory grains, CitizenProfile profile) =>
        {
            var pid = Pid(http);
            return WireJson.Ok(await profile.ProfileAsync(pid, await grains.GetPerson(pid).GetAsync(), http.RequestAborted));
        });
        me.MapPut("/mobil", async (HttpContext http, IGrainFactory grains, CitizenProfile profile) =>
        {
            if (await WireJson.ReadAsync<MobileRequest>(http.Request) is not { } body)
            {
                return Texts.Problem(http, "body.invalid", "Expected {\"mobiltelefonnummer\": \"+47...\"}.");
            }
            if (!MobileNumber.TryParse(body.Mobiltelefonnummer, out var mobile, out var error))
            {
                return Texts.Problem(http, error.Code, error.Message);
            }
            return await SetContactAsync(http, grains, profile, ContactChannel.Mobile, new ContactValue(mobile.E164, mobile.E164));
        });
        me.MapPut("/epost", async (HttpContext http, IGrainFactory grains, CitizenProfile profile) =>
        {
            if (await WireJson.ReadAsync<EmailRequest>(http.Request) is not { } body)
            {
                return Texts.Problem(http, "body.invalid", "Expected {\"epostadresse\": \"...\"}.");
            }
            if (!EmailAddress.TryParse(body.Epostadresse, out var email, out var error))
            {
                return Texts.Problem(http, error.Code, error.Message);
            }
            return await SetContactAsync(http, grains, profile, ContactChannel.Email, new ContactValue(email.Value, email.Normalized));
        });
        me.MapDelete("/mobil", (HttpContext http, IGrainFactory grains, CitizenProfile profile) => SetContactAsync(http, grains, profile, ContactChannel.Mobile, null));
        me.MapDelete("/epost", (HttpContext http, IGrainFactory grains, CitizenProfile profile) => SetContactAsync(http, grains, profile, ContactChannel.Email, null));
        me.MapPost("/bekreft", async (HttpContext http, IGrainFactory grains, CitizenProfile profile) =>
        {
            var pid = Pid(http);
            return WireJson.Ok(await profile.ProfileAsync(pid, await grains.GetPerson(pid).ConfirmAsync(), http.RequestAborted));
        });
        me.MapPut("/reservasjon", async (HttpContext http, IGrainFactory grains, CitizenProfile profile) =>
        {
            var body = await WireJson.ReadAsync<ReservationRequest>(http.Request);
            if (body?.Reservasjon is not (Yes or No))
            {
                return Texts.Problem(http, "reservasjon.invalid", $"Got '{body?.Reservasjon}'.");
            }
            var pid = Pid(http);
            return WireJson.Ok(await profile.ProfileAsync(pid, await grains.GetPerson(pid).SetReservationAsync(body.Reservasjon == Yes), http.RequestAborted));
        });
        me.MapPut("/digitalpost", async (HttpContext http, IGrainFactory grains, CitizenProfile profile, MailboxOrders orders, RegisterClock clock) =>
        {
            var body = await WireJson.ReadAsync<MailboxChoiceRequest>(http.Request);
            if (body?.DigitalPostkasse is not (Yes or No))
            {
                return Texts.Problem(http, "digitalpost.invalid", $"Got '{body?.DigitalPostkasse}'.");
            }
            var provider = body.DigitalPostkasse == Yes ? body.Postkasseleverandoeradresse : null;
            if (body.DigitalPostkasse == Yes && (provider is null || !KrrPolicies.MailboxProviderOrganizations.Contains(provider)))
            {
                return Texts.Problem(http, "digitalpost.leverandoer", $"Got '{provider}'.");
            }
            var pid = Pid(http);
            await orders.RecordAsync(pid, provider, clock.UtcNow, http.RequestAborted);
            return WireJson.Ok(await profile.ProfileAsync(pid, await grains.GetPerson(pid).GetAsync(), http.RequestAborted));
        });
        me.MapPut("/spraak", (HttpContext http, IGrainFactory grains, CitizenProfile profile) => SetLanguageAsync(http, grains, profile, LookupVersion.V2));
        me.MapDelete("", async (HttpContext http, IGrainFactory grains, CitizenProfile profile, MailboxOrders orders, RegisterClock clock) =>
        {
            var pid = Pid(http);
            var record = await grains.GetPerson(pid).DeleteAsync();
            // A deleted person has no mailbox, so an order still in a provider's queue is withdrawn too.
            await orders.RecordAsync(pid, null, clock.UtcNow, http.RequestAborted);
            return WireJson.Ok(await profile.ProfileAsync(pid, record, http.RequestAborted));
        });
        me.MapGet("/oppslag", async (HttpContext http, AccessLogReader log) =>
            WireJson.Ok(await log.ForPersonAsync(Pid(http), http.RequestAborted)));
        return app;
    }

    /// <summary>The authenticated citizen; the Citizen policy has already required a valid <c>pid</c>.</summary>
    internal static string Pid(HttpContext http) => http.User.GetCitizenCaller()!.Pid;

    private static async Task<IResult> SetContactAsync(HttpContext http, IGrainFactory grains, CitizenProfile profile, ContactChannel channel, ContactValue? value)
    {
        var pid = Pid(http);
        var record = await grains.GetPerson(pid).SetContactAsync(channel, value);
        var current = record is { Status: PersonStatus.Active } ? record.Channel(channel) : null;
        // Setting a value starts its validation (SPEC §6): a code goes out unless this value is already proven.
        var codeSent = current is not null && !(current.LastValidated >= current.Updated)
            && (await grains.GetOneTimeCode(pid, channel).SendAsync()).Outcome == SendCodeOutcome.Sent;
        return WireJson.Ok(new ContactChangeResponse(
            await profile.PersonAsync(pid, record, LookupVersion.V2),
            current is { Duplicated: true } ? CitizenProfile.DuplicateWarning(channel) : null,
            codeSent));
    }

    private static async Task<IResult> SetLanguageAsync(HttpContext http, IGrainFactory grains, CitizenProfile profile, LookupVersion version)
    {
        var body = await WireJson.ReadAsync<LanguageRequest>(http.Request);
        if (!Language.TryParse(body?.Spraak, out var language, out var error))
        {
            return Texts.Problem(http, error.Code, error.Message);
        }
        var pid = Pid(http);
        return WireJson.Ok(await profile.PersonAsync(pid, await grains.GetPerson(pid).SetLanguageAsync(language.Code), version));
    }
}
