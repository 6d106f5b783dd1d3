using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Net.Http.Headers;

namespace Krr.Api.Auth;

/// <summary>Writes 401 and 403 as RFC 9457 problem details that say what is wrong and carry no data.</summary>
internal static class KrrAuthProblems
{
    public static async Task Challenge(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var (title, detail, error) = Describe(context.AuthenticateFailure);
        var challenge = error is null
            ? "Bearer"
            : $"Bearer error=\"{error}\", error_description=\"{title}\"";
        context.Response.Headers[HeaderNames.WWWAuthenticate] = challenge;
        await Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: title, detail: detail)
            .ExecuteAsync(context.HttpContext);
    }

    public static async Task Forbid(HttpContext context, AuthorizationFailure? failure)
    {
        var krr = failure?.FailureReasons.OfType<KrrFailureReason>().Select(r => r.Failure).FirstOrDefault();
        var title = krr?.Title ?? "Access denied";
        var detail = krr?.Detail ?? "The token does not grant access to this resource.";
        var challenge = krr?.Scopes is { Count: > 0 } scopes
            ? $"Bearer error=\"insufficient_scope\", scope=\"{string.Join(' ', scopes)}\""
            : "Bearer error=\"insufficient_scope\"";
        context.Response.Headers[HeaderNames.WWWAuthenticate] = challenge;
        await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: detail).ExecuteAsync(context);
    }

    internal static (string Title, string Detail, string? Error) Describe(Exception? failure) => failure switch
    {
        null => ("Missing access token",
            "Send an access token as 'Authorization: Bearer <token>'.", null),
        SecurityTokenExpiredException => ("Expired access token",
            "The access token has expired; get a new one.", "invalid_token"),
        SecurityTokenNotYetValidException => ("Access token not yet valid",
            "The access token is not valid yet (nbf is in the future).", "invalid_token"),
        SecurityTokenNoExpirationException => ("Invalid access token",
            "The access token has no expiry (exp).", "invalid_token"),
        SecurityTokenInvalidIssuerException => ("Untrusted issuer",
            "The access token's issuer (iss) is not trusted.", "invalid_token"),
        SecurityTokenInvalidAudienceException => ("Wrong audience",
            "The access token is not meant for this service (aud).", "invalid_token"),
        SecurityTokenInvalidAlgorithmException => ("Invalid signature",
            "The access token is signed with an algorithm this service does not accept.", "invalid_token"),
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException or SecurityTokenInvalidSigningKeyException
            => ("Invalid signature",
                "The access token's signature does not verify with any key of its issuer.", "invalid_token"),
        SecurityTokenMalformedException or ArgumentException => ("Malformed access token",
            "The access token is not a well-formed signed JWT.", "invalid_token"),
        _ => ("Invalid access token", "The access token was not accepted.", "invalid_token"),
    };
}

/// <summary>
/// Turns the API's authorization refusals into 403 problem details; everything else, and every page refusal
/// (which the cookie scheme answers with its sign-in page), goes to the default handler.
/// </summary>
internal sealed class KrrAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult) =>
        authorizeResult.Forbidden && !policy.AuthenticationSchemes.Contains(PageAuthentication.Scheme)
            ? KrrAuthProblems.Forbid(context, authorizeResult.AuthorizationFailure)
            : _default.HandleAsync(next, context, policy, authorizeResult);
}
