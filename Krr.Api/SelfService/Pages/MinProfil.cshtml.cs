using Krr.Api.AccessLog;
using Krr.Api.Verification;
using Krr.Api.Web;
using Krr.Grains.Domain;
using Krr.Grains.Verification;
using Microsoft.AspNetCore.Mvc;

namespace Krr.Api.SelfService.Pages;

/// <summary>
/// MinProfil (<c>/minprofil</c>): every citizen operation of SPEC §6 as a form that posts and redirects, through
/// <see cref="CitizenActions"/> and the one-time code grain like the API. A rejected value re-renders the page with
/// the error beside its field and nothing changed.
/// </summary>
public sealed class MinProfilModel(IGrainFactory grains, CitizenProfile profile, CitizenActions actions, AccessLogReader log) : CitizenPageModel(grains, profile)
{
    private readonly IGrainFactory _grains = grains;

    /// <summary>The channel whose code field is open (<c>mobil</c> or <c>epost</c>), after a code went out.</summary>
    [BindProperty(SupportsGet = true, Name = "kode")]
    public string? CodeChannel { get; set; }

    /// <summary>Field errors by field id (<c>mobil</c>, <c>epost</c>, <c>kode</c>, ...), as text keys.</summary>
    public Dictionary<string, string> Errors { get; } = [];

    /// <summary>What the citizen typed, shown again beside its error.</summary>
    public Dictionary<string, string?> Entered { get; } = [];

    public IReadOnlyList<AccessLogView> Lookups { get; private set; } = [];

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public async Task<IActionResult> OnPostMobileAsync(string? mobiltelefonnummer) =>
        ContactSaved("mobil", await actions.SetMobileAsync(Pid, mobiltelefonnummer), mobiltelefonnummer) ?? await ShowAsync();

    public async Task<IActionResult> OnPostEmailAsync(string? epostadresse) =>
        ContactSaved("epost", await actions.SetEmailAsync(Pid, epostadresse), epostadresse) ?? await ShowAsync();

    public async Task<IActionResult> OnPostRemoveAsync(string? kanal)
    {
        if (VerificationEndpoints.Channel(kanal) is not { } channel)
        {
            return BadRequest();
        }
        await actions.SetContactAsync(Pid, channel, null);
        return Saved("melding.lagret");
    }

    public async Task<IActionResult> OnPostSendCodeAsync(string? kanal)
    {
        if (VerificationEndpoints.Channel(kanal) is not { } channel)
        {
            return BadRequest();
        }
        var result = await _grains.GetOneTimeCode(Pid, channel).SendAsync();
        if (CodeOutcomes.ErrorOf(result.Outcome) is { } error)
        {
            Errors[kanal!] = error;
            return await ShowAsync();
        }
        Message = kanal == "mobil" ? "melding.sms-sendt" : "melding.epost-sendt";
        return LocalRedirect($"/minprofil?kode={kanal}#kode");
    }

    public async Task<IActionResult> OnPostVerifyAsync(string? kanal, string? verifiseringskode)
    {
        if (VerificationEndpoints.Channel(kanal) is not { } channel)
        {
            return BadRequest();
        }
        var result = await _grains.GetOneTimeCode(Pid, channel).VerifyAsync(verifiseringskode?.Trim() ?? "");
        if (CodeOutcomes.ErrorOf(result.Outcome) is { } error)
        {
            CodeChannel = kanal;
            Errors["kode"] = error;
            return await ShowAsync();
        }
        return Saved("melding.lagret");
    }

    public async Task<IActionResult> OnPostReservationAsync(string? reservasjon)
    {
        if ((await actions.SetReservationAsync(Pid, reservasjon, HttpContext.RequestAborted)).Error is { } error)
        {
            Errors["reservasjon"] = PageTexts.ErrorKey(error);
            return await ShowAsync();
        }
        return Saved("melding.lagret");
    }

    public async Task<IActionResult> OnPostMailboxAsync(string? digitalPostkasse, string? leverandoer)
    {
        if ((await actions.ChooseMailboxAsync(Pid, digitalPostkasse, leverandoer, HttpContext.RequestAborted)).Error is { } error)
        {
            Errors[error.Code == "digitalpost.leverandoer" ? "leverandoer" : "postkasse"] = PageTexts.ErrorKey(error);
            return await ShowAsync();
        }
        return Saved("melding.lagret");
    }

    public async Task<IActionResult> OnPostLanguageAsync(string? spraak)
    {
        if ((await actions.SetLanguageAsync(Pid, spraak)).Error is { } error)
        {
            Errors["spraak"] = PageTexts.ErrorKey(error);
            return await ShowAsync();
        }
        return Saved("melding.lagret");
    }

    public async Task<IActionResult> OnPostDeleteAsync(string? bekreftSletting)
    {
        if (bekreftSletting != "ja")
        {
            Errors["slett"] = "slett.bekreft-mangler";
            return await ShowAsync();
        }
        await actions.DeleteAsync(Pid, HttpContext.RequestAborted);
        return Saved("melding.slettet");
    }

    public string? ErrorId(string field) => Errors.ContainsKey(field) ? $"{field}-feil" : null;

    protected override async Task LoadAsync()
    {
        await base.LoadAsync();
        Lookups = await log.ForPersonAsync(Pid, HttpContext.RequestAborted);
    }

    /// <summary>Null when the value was refused (the error is recorded for the field); else the redirect.</summary>
    private IActionResult? ContactSaved(string channel, (ContactChangeResponse? Answer, ValidationError? Error) result, string? entered)
    {
        if (result.Error is { } error)
        {
            Errors[channel] = PageTexts.ErrorKey(error);
            Entered[channel] = entered;
            return null;
        }
        if (result.Answer!.CodeSent)
        {
            Message = channel == "mobil" ? "melding.lagret-sms-sendt" : "melding.lagret-epost-sendt";
            return LocalRedirect($"/minprofil?kode={channel}#kode");
        }
        return Saved("melding.lagret");
    }
}
