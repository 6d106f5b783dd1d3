using Krr.Api.Wire;

namespace Krr.Api.Web;

/// <summary>
/// The pages' language: the one the citizen chose with the language switch (a cookie), else the first of nb, nn
/// and en the browser accepts (<see cref="Texts.Language"/>), else bokmål.
/// </summary>
public static class PageLanguage
{
    public const string CookieName = "krr-sprak";

    public static readonly IReadOnlyList<(string Code, string Name)> Choices =
        [(Texts.Bokmaal, "Bokmål"), (Texts.Nynorsk, "Nynorsk"), (Texts.English, "English")];

    public static bool IsSupported(string? code) => Choices.Any(c => c.Code == code);

    public static string Of(HttpContext http) =>
        http.Request.Cookies[CookieName] is { } chosen && IsSupported(chosen) ? chosen : Texts.Language(http.Request);
}
