using Krr.Api.Auth;
using Krr.Api.Web;
using Krr.Grains.Delegation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Krr.Api.Delegation.Pages;

/// <summary>
/// The agency's delegation page (<c>/delegering</c>), the seed's Altinn flow "Gi tilgang til nytt API": choose
/// "KRR - Delegere på-vegne-av-rettighet", name the supplier by organisation number, and see or revoke the grants
/// given and received. The same grains and supplier rule as <c>/rest/v2/krr/delegeringer</c>.
/// </summary>
public sealed class DelegeringModel(IGrainFactory grains) : PageModel
{
    /// <summary>The one delegable API of the register, as Altinn names it.</summary>
    public const string KrrApi = "krr-delegering";

    [TempData]
    public string? Message { get; set; }

    public Dictionary<string, string> Errors { get; } = [];

    public string? EnteredSupplier { get; private set; }

    public IReadOnlyList<DelegationGrant> Given { get; private set; } = [];

    public IReadOnlyList<DelegationGrant> Received { get; private set; } = [];

    public string Org => User.GetAgencyCaller()!.ConsumerOrg;

    public Task<IActionResult> OnGetAsync() => ShowAsync();

    public async Task<IActionResult> OnPostGrantAsync(string? api, string? leverandoer)
    {
        EnteredSupplier = leverandoer;
        if (api != KrrApi)
        {
            Errors["api"] = "delegering.api-mangler";
        }
        if (DelegationEndpoints.SupplierError(leverandoer?.Trim(), Org) is { } error)
        {
            Errors["leverandoer"] = error.Code == "orgnr.self" ? "delegering.seg-selv" : PageTexts.ErrorKey(error);
        }
        if (Errors.Count > 0)
        {
            return await ShowAsync();
        }
        await grains.GetDelegationsGiven(Org).GrantAsync(leverandoer!.Trim(), DelegationEndpoints.DelegableScopes);
        Message = "delegering.gitt";
        return LocalRedirect("/delegering");
    }

    public async Task<IActionResult> OnPostRevokeAsync(string? leverandoer)
    {
        if (DelegationEndpoints.SupplierError(leverandoer, Org) is not null)
        {
            return BadRequest();
        }
        await grains.GetDelegationsGiven(Org).RevokeAsync(leverandoer!, []);
        Message = "delegering.trukket";
        return LocalRedirect("/delegering");
    }

    private async Task<IActionResult> ShowAsync()
    {
        Given = await grains.GetDelegationsGiven(Org).ListAsync();
        Received = await grains.GetDelegationsReceived(Org).ListAsync();
        return Page();
    }
}
