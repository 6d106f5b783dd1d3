using Krr.Api.Auth;
using Krr.Api.DemoData;
using Krr.Grains.Persons;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Krr.Api.SelfService.Pages;

/// <summary>What the citizen's pages share: the signed-in person, the own record as MinProfil's API answers it, and the saved-message.</summary>
public abstract class CitizenPageModel(IGrainFactory grains, CitizenProfile profile) : PageModel
{
    public const string Digipost = DemoPopulation.Digipost;
    public const string EBoks = DemoPopulation.EBoks;

    /// <summary>The mailbox providers a citizen can choose, by organisation number.</summary>
    public static IReadOnlyList<(string Org, string Name)> Providers { get; } = [(Digipost, "Digipost"), (EBoks, "e-Boks")];

    public static string ProviderName(string? org) => Providers.FirstOrDefault(p => p.Org == org).Name ?? org ?? "";

    /// <summary>Text key of the message after a saved change (post/redirect/get keeps it for the next page).</summary>
    [TempData]
    public string? Message { get; set; }

    public ProfileResponse Profile { get; private set; } = null!;

    protected string Pid => User.GetCitizenCaller()!.Pid;

    protected virtual async Task LoadAsync() => Profile = await profile.ProfileAsync(Pid, await grains.GetPerson(Pid).GetAsync(), HttpContext.RequestAborted);

    protected async Task<IActionResult> ShowAsync()
    {
        await LoadAsync();
        return Page();
    }

    protected IActionResult Saved(string message, string page = "/minprofil")
    {
        Message = message;
        return LocalRedirect(page);
    }

    public bool Active => Profile.Person.Status == "AKTIV";

    public bool Validated(string channel) => Profile.Channels.FirstOrDefault(c => c.Channel == channel)?.Validated == true;

    public bool Duplicated(string channel) => channel == "mobil"
        ? Profile.Person.Kontaktinformasjon?.MobiltelefonnummerDuplisert == "JA"
        : Profile.Person.Kontaktinformasjon?.EpostadresseDuplisert == "JA";
}
