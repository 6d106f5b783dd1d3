using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Krr.Api.Auth;

/// <summary>Body of <c>POST /dev/token</c>. Agency token when <see cref="Consumer"/> is set, citizen token when <see cref="Pid"/> is.</summary>
public sealed record DevelopmentTokenRequest(string? Scope, string? Consumer, string? Supplier, string? Pid, int? LifetimeMinutes);

/// <summary>Answer of <c>POST /dev/token</c>, shaped like an OAuth token response.</summary>
public sealed record DevelopmentTokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] int ExpiresIn);

public static class DevelopmentTokenExtensions
{
    /// <summary>Scopes given to an agency token whose request names none.</summary>
    public static readonly IReadOnlyList<string> DefaultAgencyScopes = [KrrScopes.ContactRead, KrrScopes.MailboxRead];

    /// <summary>Scopes given to a citizen token whose request names none.</summary>
    public static readonly IReadOnlyList<string> DefaultCitizenScopes =
        [KrrScopes.UserContactRead, KrrScopes.UserMailboxRead, KrrScopes.UserLanguageWrite];

    /// <summary>The development issuer, or null when <c>Krr:Auth:DevelopmentIssuer</c> is off.</summary>
    public static DevelopmentTokenIssuer? GetDevelopmentTokenIssuer(this IServiceProvider services) =>
        services.GetRequiredService<DevelopmentIssuerHolder>().Issuer;

    /// <summary>Maps anonymous <c>POST /dev/token</c> when the development issuer is on; otherwise maps nothing (404).</summary>
    public static IEndpointRouteBuilder MapDevelopmentTokens(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetDevelopmentTokenIssuer() is not { } issuer)
        {
            return app;
        }

        app.MapPost("/dev/token", (DevelopmentTokenRequest? request) => Issue(issuer, request))
            .AllowAnonymous()
            .ExcludeFromDescription();
        return app;
    }

    private static Results<Ok<DevelopmentTokenResponse>, ProblemHttpResult> Issue(DevelopmentTokenIssuer issuer, DevelopmentTokenRequest? request)
    {
        if (request is null)
        {
            return BadRequest("Send a JSON body: {\"scope\":\"...\",\"consumer\":\"orgnr\",\"supplier\":\"orgnr?\",\"pid\":\"...?\",\"lifetimeMinutes\":60}.");
        }

        var minutes = request.LifetimeMinutes ?? (int)DevelopmentTokenIssuer.DefaultLifetime.TotalMinutes;
        if (minutes < 1 || minutes > DevelopmentTokenIssuer.MaximumLifetime.TotalMinutes)
        {
            return BadRequest($"lifetimeMinutes must be between 1 and {DevelopmentTokenIssuer.MaximumLifetime.TotalMinutes}.");
        }

        var lifetime = TimeSpan.FromMinutes(minutes);
        var scopes = request.Scope?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? [];
        string token;
        if (request.Pid is not null)
        {
            if (request.Consumer is not null || request.Supplier is not null)
            {
                return BadRequest("Give either pid (citizen token) or consumer/supplier (agency token), not both.");
            }

            if (!KrrIdentifiers.IsPersonIdentifier(request.Pid))
            {
                return BadRequest("pid must be an 11-digit person identifier.");
            }

            token = issuer.CreateCitizenToken(request.Pid, scopes.Length > 0 ? scopes : DefaultCitizenScopes, lifetime);
        }
        else
        {
            if (!KrrIdentifiers.IsOrganizationNumber(request.Consumer))
            {
                return BadRequest("consumer must be a 9-digit organisation number (or give pid for a citizen token).");
            }

            if (request.Supplier is not null && !KrrIdentifiers.IsOrganizationNumber(request.Supplier))
            {
                return BadRequest("supplier must be a 9-digit organisation number.");
            }

            token = issuer.CreateAgencyToken(request.Consumer!, scopes.Length > 0 ? scopes : DefaultAgencyScopes, request.Supplier, lifetime);
        }

        return TypedResults.Ok(new DevelopmentTokenResponse(token, "Bearer", (int)lifetime.TotalSeconds));
    }

    private static ProblemHttpResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid token request", detail: detail);
}
