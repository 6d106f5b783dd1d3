namespace Krr.Api.Web;

/// <summary>
/// <c>GET /sprak/{nb|nn|en}?tilbake=/path</c>: the language switch in every page's header. A plain link, so it works
/// without JavaScript; it stores the choice in a cookie and goes back to the page it came from (a local path only).
/// </summary>
public static class LanguageSwitch
{
    public static IEndpointRouteBuilder MapLanguageSwitch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/sprak/{kode}", (string kode, string? tilbake, HttpContext http) =>
        {
            if (!PageLanguage.IsSupported(kode))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Unsupported language",
                    detail: $"'{kode}' is not one of nb, nn, en.");
            }
            http.Response.Cookies.Append(PageLanguage.CookieName, kode, new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                SameSite = SameSiteMode.Lax,
                IsEssential = true,
            });
            return Results.LocalRedirect(IsLocal(tilbake) ? tilbake! : "/");
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>A path on this site: starts with one slash and is not a protocol-relative or backslash URL.</summary>
    public static bool IsLocal(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
