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
    public static IServiceCollection AddSelfService(this IServiceCollection services) => services
        .AddSingleton<CitizenProfile>()
        .AddSingleton<CitizenActions>()
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
        person.MapPatch("", (HttpContext http, CitizenActions actions, CitizenProfile profile) => SetLanguageAsync(http, actions, profile, LookupVersion.V1));

        var me = app.MapGroup("/api/minprofil").RequireAuthorization(KrrPolicies.Citizen);
        me.MapGet("", async (HttpContext http, IGrainFactory grains, CitizenProfile profile) =>
        {
            var pid = Pid(http);
            return WireJson.Ok(await profile.ProfileAsync(pid, await grains.GetPerson(pid).GetAsync(), http.RequestAborted));
        });
        me.MapPut("/mobil", async (HttpContext http, CitizenActions actions) =>
            await WireJson.ReadAsync<MobileRequest>(http.Request) is { } body
                ? Answer(http, await actions.SetMobileAsync(Pid(http), body.Mobiltelefonnummer))
                : Texts.Problem(http, "body.invalid", "Expected {\"mobiltelefonnummer\": \"+47...\"}."));
        me.MapPut("/epost", async (HttpContext http, CitizenActions actions) =>
            await WireJson.ReadAsync<EmailRequest>(http.Request) is { } body
                ? Answer(http, await actions.SetEmailAsync(Pid(http), body.Epostadresse))
                : Texts.Problem(http, "body.invalid", "Expected {\"epostadresse\": \"...\"}."));
        me.MapDelete("/mobil", async (HttpContext http, CitizenActions actions) => WireJson.Ok(await actions.SetContactAsync(Pid(http), ContactChannel.Mobile, null)));
        me.MapDelete("/epost", async (HttpContext http, CitizenActions actions) => WireJson.Ok(await actions.SetContactAsync(Pid(http), ContactChannel.Email, null)));
        me.MapPost("/bekreft", async (HttpContext http, CitizenActions actions) => WireJson.Ok(await actions.ConfirmAsync(Pid(http), http.RequestAborted)));
        me.MapPut("/reservasjon", async (HttpContext http, CitizenActions actions) =>
            Answer(http, await actions.SetReservationAsync(Pid(http), (await WireJson.ReadAsync<ReservationRequest>(http.Request))?.Reservasjon, http.RequestAborted)));
        me.MapPut("/digitalpost", async (HttpContext http, CitizenActions actions) =>
        {
            var body = await WireJson.ReadAsync<MailboxChoiceRequest>(http.Request);
            return Answer(http, await actions.ChooseMailboxAsync(Pid(http), body?.DigitalPostkasse, body?.Postkasseleverandoeradresse, http.RequestAborted));
        });
        me.MapPut("/spraak", (HttpContext http, CitizenActions actions, CitizenProfile profile) => SetLanguageAsync(http, actions, profile, LookupVersion.V2));
        me.MapDelete("", async (HttpContext http, CitizenActions actions) => WireJson.Ok(await actions.DeleteAsync(Pid(http), http.RequestAborted)));
        me.MapGet("/oppslag", async (HttpContext http, AccessLogReader log) =>
            WireJson.Ok(await log.ForPersonAsync(Pid(http), http.RequestAborted)));
        return app;
    }

    /// <summary>The authenticated citizen; the Citizen policy has already required a valid <c>pid</c>.</summary>
    internal static string Pid(HttpContext http) => http.User.GetCitizenCaller()!.Pid;

    /// <summary>The answer as JSON, or the validation error as a 400 problem in the caller's language.</summary>
    private static IResult Answer<T>(HttpContext http, (T? Answer, ValidationError? Error) result) =>
        result.Error is { } error ? Texts.Problem(http, error.Code, error.Message) : WireJson.Ok(result.Answer!);

    private static async Task<IResult> SetLanguageAsync(HttpContext http, CitizenActions actions, CitizenProfile profile, LookupVersion version)
    {
        var body = await WireJson.ReadAsync<LanguageRequest>(http.Request);
        var pid = Pid(http);
        var (record, error) = await actions.SetLanguageAsync(pid, body?.Spraak);
        return error is not null
            ? Texts.Problem(http, error.Code, error.Message)
            : WireJson.Ok(await profile.PersonAsync(pid, record, version));
    }
}
