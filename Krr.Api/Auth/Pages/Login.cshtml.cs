using Krr.Api.DemoData;
using Krr.Api.Web;
using Krr.Grains.Domain;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using System.Security.Claims;

namespace Krr.Api.Auth.Pages;

/// <summary>
/// Development-only sign-in for the pages (<c>/logg-inn</c>): pick a test person (by identifier or from the demo
/// persons), the operator role, or an agency by organisation number. It exists only while the development issuer
/// is on (<c>Krr:Auth:DevelopmentIssuer</c>, refused in Production); otherwise every request is 404.
/// </summary>
public sealed class LoginModel(IServiceProvider services) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    [BindProperty]
    public string? Personidentifikator { get; set; }

    [BindProperty]
    public string? Organisasjonsnummer { get; set; } = DemoPopulation.DemoAgency;

    /// <summary>Text key of the identifier field's error, shown beside it.</summary>
    public string? PersonError { get; private set; }

    public string? OrganizationError { get; private set; }

    public static IReadOnlyList<(string Identifier, string TextKey)> DemoPersons { get; } =
    [
        (DemoPopulation.SeedPerson, "login.demo.seed"),
        (DemoPopulation.SharedEmailFirst, "login.demo.shared"),
        (DemoPopulation.Reserved, "login.demo.reserved"),
        (DemoPopulation.Expired, "login.demo.expired"),
        (DemoPopulation.Deleted, "login.demo.deleted"),
    ];

    private bool Enabled => services.GetDevelopmentTokenIssuer() is not null;

    public IActionResult OnGet() => Enabled ? Page() : NotFound();

    public Task<IActionResult> OnPostCitizenAsync()
    {
        if (!PersonIdentifier.TryParse(Personidentifikator?.Trim(), out var pid, out var error))
        {
            PersonError = PageTexts.ErrorKey(error);
            return Task.FromResult<IActionResult>(Enabled ? Page() : NotFound());
        }
        return SignInAsync(PageAuthentication.Citizen(pid.Value), "/minprofil");
    }

    public Task<IActionResult> OnPostOperatorAsync() => SignInAsync(PageAuthentication.Operator(), "/testdata");

    public Task<IActionResult> OnPostAgencyAsync()
    {
        if (!OrganizationNumber.TryParse(Organisasjonsnummer?.Trim(), out var org, out var error))
        {
            OrganizationError = PageTexts.ErrorKey(error);
            return Task.FromResult<IActionResult>(Enabled ? Page() : NotFound());
        }
        return SignInAsync(PageAuthentication.Agency(org.Value), "/delegering");
    }

    public async Task<IActionResult> OnPostLogoutAsync()
    {
        await HttpContext.SignOutAsync(PageAuthentication.Scheme);
        return LocalRedirect("/");
    }

    private async Task<IActionResult> SignInAsync(ClaimsPrincipal principal, string start)
    {
        if (!Enabled)
        {
            return NotFound();
        }
        await HttpContext.SignOutAsync(PageAuthentication.Scheme);
        await HttpContext.SignInAsync(PageAuthentication.Scheme, principal);
        return LocalRedirect(LanguageSwitch.IsLocal(ReturnUrl) ? ReturnUrl! : start);
    }
}
