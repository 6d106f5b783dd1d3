using System.Text.Json.Serialization;
using Krr.Api.Auth;
using Krr.Api.Lookup;
using Krr.Api.SelfService;
using Krr.Api.Wire;
using Krr.Grains.Persons;
using Krr.Grains.Verification;

namespace Krr.Api.Verification;

public sealed record CodeRequest([property: JsonPropertyName("kode")] string? Kode);

public sealed record CodeSentResponse([property: JsonPropertyName("kode_sendt")] bool CodeSent);

/// <summary>
/// One-time codes for the citizen's own channels (SPEC §6.1): <c>POST /api/minprofil/verifisering/{kanal}/send</c>
/// asks for a code, <c>POST /api/minprofil/verifisering/{kanal}</c> with <c>{"kode"}</c> proves it.
/// <c>kanal</c> is <c>mobil</c> or <c>epost</c>.
/// </summary>
public static class VerificationEndpoints
{
    public static IEndpointRouteBuilder MapVerification(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/minprofil/verifisering").RequireAuthorization(KrrPolicies.Citizen);
        group.MapPost("/{kanal}/send", async (string kanal, HttpContext http, IGrainFactory grains, RegisterClock clock) =>
        {
            if (Channel(kanal) is not { } channel)
            {
                return Texts.Problem(http, "kanal.invalid", $"Got '{kanal}'.");
            }
            var result = await grains.GetOneTimeCode(SelfServiceEndpoints.Pid(http), channel).SendAsync();
            return CodeOutcomes.ErrorOf(result.Outcome) switch
            {
                null => Results.Json(new CodeSentResponse(true), WireJson.Options, statusCode: StatusCodes.Status202Accepted),
                "kode.no-value" => Texts.Problem(http, "kode.no-value", status: StatusCodes.Status409Conflict),
                _ => TooManySends(http, result.RetryAfter!.Value, clock.UtcNow),
            };
        });
        group.MapPost("/{kanal}", async (string kanal, HttpContext http, IGrainFactory grains, CitizenProfile profile) =>
        {
            if (Channel(kanal) is not { } channel)
            {
                return Texts.Problem(http, "kanal.invalid", $"Got '{kanal}'.");
            }
            if (await WireJson.ReadAsync<CodeRequest>(http.Request) is not { Kode: { } code })
            {
                return Texts.Problem(http, "body.invalid", "Expected {\"kode\": \"123456\"}.");
            }
            var pid = SelfServiceEndpoints.Pid(http);
            var result = await grains.GetOneTimeCode(pid, channel).VerifyAsync(code);
            return CodeOutcomes.ErrorOf(result.Outcome) switch
            {
                null => WireJson.Ok(await profile.PersonAsync(pid, await grains.GetPerson(pid).GetAsync(), LookupVersion.V2)),
                "kode.wrong" => Texts.Problem(http, "kode.wrong", extensions: [new("forsoek_igjen", result.AttemptsLeft)]),
                var error => Texts.Problem(http, error),
            };
        });
        return app;
    }

    private static IResult TooManySends(HttpContext http, DateTimeOffset retryAfter, DateTimeOffset now)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling((retryAfter - now).TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Texts.Problem(http, "kode.too-many-sends", $"A new code can be sent at {WireTime.Format(retryAfter)}.", StatusCodes.Status429TooManyRequests);
    }

    /// <summary>The channel a <c>kanal</c> names (<c>mobil</c> or <c>epost</c>), or null.</summary>
    internal static ContactChannel? Channel(string? kanal) => kanal switch
    {
        "mobil" => ContactChannel.Mobile,
        "epost" => ContactChannel.Email,
        _ => null,
    };
}
