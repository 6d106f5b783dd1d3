using Krr.Api.Web;
using Microsoft.AspNetCore.Mvc;

namespace Krr.Api.SelfService.Pages;

/// <summary>
/// The ID-porten confirm dialog (<c>/bekreft</c>), "Er kontaktopplysningene dine korrekte?": the values with their
/// duplicate and verification state, the digital mailbox question when the citizen has none, and
/// "Bekreft og gå videre", which records the mailbox answer (when given) and confirms both values.
/// </summary>
public sealed class BekreftModel(IGrainFactory grains, CitizenProfile profile, CitizenActions actions) : CitizenPageModel(grains, profile)
{
    public Dictionary<string, string> Errors { get; } = [];

    public string? Answer { get; private set; }

    public string? Provider { get; private set; }

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public async Task<IActionResult> OnPostAsync(string? digitalPostkasse, string? leverandoer)
    {
        if (digitalPostkasse is not null
            && (await actions.ChooseMailboxAsync(Pid, digitalPostkasse, leverandoer, HttpContext.RequestAborted)).Error is { } error)
        {
            (Answer, Provider) = (digitalPostkasse, leverandoer);
            Errors[error.Code == "digitalpost.leverandoer" ? "leverandoer" : "postkasse"] = PageTexts.ErrorKey(error);
            return await ShowAsync();
        }
        await actions.ConfirmAsync(Pid, HttpContext.RequestAborted);
        return Saved("melding.lagret");
    }
}
