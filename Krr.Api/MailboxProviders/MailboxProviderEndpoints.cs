using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Krr.Api.Auth;
using Krr.Api.Wire;
using Krr.Grains.Domain;
using Krr.Grains.MailboxProviders;
using Krr.Grains.Persons;

namespace Krr.Api.MailboxProviders;

/// <summary>
/// The provider interface (SPEC §6.2) for Digipost and e-Boks tokens, under <c>/rest/v1/postkasse</c>. Identifiers
/// travel in POST bodies, never in URLs, so they stay out of access logs and proxies. A refusal is a problem
/// (the register's FEILET) with the register's <c>feilkode</c>, and changes nothing.
/// </summary>
public static class MailboxProviderEndpoints
{
    public static IEndpointRouteBuilder MapMailboxProviders(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/rest/v1/postkasse").RequireAuthorization(KrrPolicies.MailboxProvider);
        group.MapPost("/kan-velge", async (HttpContext http, IGrainFactory grains) =>
        {
            var request = await WireJson.ReadAsync<MailboxRequest>(http.Request);
            if (!PersonIdentifier.TryParse(request?.Personidentifikator, out var person, out var error))
            {
                return Refused("UGYLDIG_PERSONNUMMER", error.Message);
            }
            return Answer(MailboxProviderRules.MayChoose(await grains.GetPerson(person.Value).GetAsync()));
        });
        group.MapPost("/opprett", (HttpContext http, IGrainFactory grains, MailboxOrders orders, RegisterClock clock) =>
            ChangeAsync(http, grains, orders, clock, MailboxOperation.Create));
        group.MapPost("/oppdater", (HttpContext http, IGrainFactory grains, MailboxOrders orders, RegisterClock clock) =>
            ChangeAsync(http, grains, orders, clock, MailboxOperation.Update));
        group.MapPost("/slett", (HttpContext http, IGrainFactory grains, MailboxOrders orders, RegisterClock clock) =>
            ChangeAsync(http, grains, orders, clock, MailboxOperation.Remove));
        group.MapGet("/bestillinger", async (HttpContext http, MailboxOrders orders) =>
            WireJson.Ok(await orders.OpenAsync(Provider(http), http.RequestAborted)));
        group.MapPut("/sertifikat", async (HttpContext http, IGrainFactory grains) =>
        {
            var request = await WireJson.ReadAsync<CertificateRequest>(http.Request);
            if (CertificateProblem(request?.Sertifikat) is { } problem)
            {
                return Refused("UGYLDIG_SERTIFIKAT", problem);
            }
            await grains.GetMailboxProvider(Provider(http)).SetCertificateAsync(request!.Sertifikat!);
            return WireJson.Ok(new ProviderOkResponse("OK"));
        });
        return app;
    }

    private static async Task<IResult> ChangeAsync(HttpContext http, IGrainFactory grains, MailboxOrders orders, RegisterClock clock, MailboxOperation operation)
    {
        var request = await WireJson.ReadAsync<MailboxRequest>(http.Request);
        if (!PersonIdentifier.TryParse(request?.Personidentifikator, out var person, out var personError))
        {
            return Refused("UGYLDIG_PERSONNUMMER", personError.Message);
        }
        var provider = Provider(http);
        if (!OrganizationNumber.TryParse(request!.Virksomhetsidentifikator, out var org, out var orgError))
        {
            return Refused("UGYLDIG_ORGNR", orgError.Message);
        }
        if (org.Value != provider)
        {
            return Refused("UGYLDIG_ORGNR", $"virksomhetsidentifikator {org.Value} is not the organisation of the token ({provider}).");
        }
        if (operation != MailboxOperation.Remove && string.IsNullOrWhiteSpace(request.Postkasseadresse))
        {
            return Refused("UGYLDIG_POSTKASSEADRESSE", "postkasseadresse is missing.");
        }
        if (request.Sertifikat is not null && CertificateProblem(request.Sertifikat) is { } certificateProblem)
        {
            return Refused("UGYLDIG_SERTIFIKAT", certificateProblem);
        }

        var result = await grains.GetPerson(person.Value).ChangeMailboxByProviderAsync(operation, provider, request.Postkasseadresse?.Trim());
        if (result.Error != MailboxProviderError.None)
        {
            return Answer(result.Error);
        }
        if (request.Sertifikat is not null)
        {
            await grains.GetMailboxProvider(provider).SetCertificateAsync(request.Sertifikat);
        }
        if (operation == MailboxOperation.Create)
        {
            await orders.FulfilAsync(person.Value, provider, clock.UtcNow, http.RequestAborted);
        }
        return WireJson.Ok(new ProviderOkResponse("OK"));
    }

    /// <summary>The token's organisation; the MailboxProvider policy has already required it to be a provider.</summary>
    private static string Provider(HttpContext http) => http.User.GetAgencyCaller()!.ConsumerOrg;

    private static IResult Answer(MailboxProviderError error) => error switch
    {
        MailboxProviderError.None => WireJson.Ok(new ProviderOkResponse("OK")),
        MailboxProviderError.UserNotFound => Refused("BRUKER_IKKE_FUNNET", "The person is not registered in the register.", StatusCodes.Status404NotFound),
        MailboxProviderError.Reserved => Refused("RESERVERT", "The person is reserved against digital post.", StatusCodes.Status409Conflict),
        MailboxProviderError.AlreadyActive => Refused("ALLEREDE_AKTIV", "The person already has an active digital mailbox.", StatusCodes.Status409Conflict),
        _ => Refused("INGEN_POSTBOKS_FUNNET", "The person has no mailbox at this provider.", StatusCodes.Status404NotFound),
    };

    private static IResult Refused(string code, string detail, int status = StatusCodes.Status400BadRequest) =>
        Results.Problem(statusCode: status, title: code, detail: detail,
            extensions: new Dictionary<string, object?> { ["feilkode"] = code });

    /// <summary>The certificate must be a base64 DER X.509 certificate; what is wrong otherwise, or null.</summary>
    private static string? CertificateProblem(string? certificate)
    {
        if (string.IsNullOrWhiteSpace(certificate))
        {
            return "sertifikat is missing.";
        }
        try
        {
            using var _ = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(certificate));
            return null;
        }
        catch (Exception exception) when (exception is FormatException or CryptographicException)
        {
            return "sertifikat is not a base64-encoded DER X.509 certificate.";
        }
    }
}
