using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Krr.Api.Auth;

/// <summary>
/// The web pages' sign-in: an ASP.NET Core cookie scheme beside the API's JWT bearer scheme. Only the page
/// policies (<see cref="KrrPagePolicies"/>) name it, so the API stays bearer-only. The cookie carries the same
/// claims a token would (<c>pid</c>, <c>consumer</c>, <c>scope</c>), so the same checks decide.
/// </summary>
public static class PageAuthentication
{
    public const string Scheme = "KrrPages";

    public const string LoginPath = "/logg-inn";

    /// <summary>How long a page sign-in lasts, like a development token.</summary>
    public static readonly TimeSpan Lifetime = DevelopmentTokenIssuer.DefaultLifetime;

    public static WebApplicationBuilder AddKrrPageAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication().AddCookie(Scheme, options =>
        {
            options.LoginPath = LoginPath;
            options.AccessDeniedPath = LoginPath;
            options.Cookie.Name = "krr-side";
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            options.ExpireTimeSpan = Lifetime;
            options.SlidingExpiration = false;
        });
        builder.Services.AddAuthorization(options => KrrPolicies.AddPages(options, Scheme));
        return builder;
    }

    public static ClaimsPrincipal Citizen(string pid) => Principal(
        new Claim(KrrClaims.Pid, pid),
        new Claim(KrrClaims.Scope, string.Join(' ', DevelopmentTokenExtensions.DefaultCitizenScopes)));

    public static ClaimsPrincipal Operator() => Principal(new Claim(KrrClaims.Scope, KrrScopes.OperatorAdmin));

    /// <summary>An agency's own sign-in (no supplier) with a lookup scope, as its Maskinporten token would carry.</summary>
    public static ClaimsPrincipal Agency(string org) => Principal(
        new Claim(KrrClaims.Consumer, $$"""{"authority":"{{KrrIdentifiers.Iso6523Authority}}","ID":"{{KrrIdentifiers.NorwegianOrgIcdPrefix}}{{org}}"}"""),
        new Claim(KrrClaims.Scope, KrrScopes.ContactRead));

    private static ClaimsPrincipal Principal(params Claim[] claims) => new(new ClaimsIdentity(claims, Scheme));
}
