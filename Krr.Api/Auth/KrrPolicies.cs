using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Krr.Api.Auth;

/// <summary>Authorization policy names; use with <c>RequireAuthorization(KrrPolicies.X)</c>.</summary>
public static class KrrPolicies
{
    /// <summary>Agency token with any lookup scope (<see cref="KrrScopes.LookupScopes"/>).</summary>
    public const string Lookup = "Krr.Lookup";

    /// <summary>Citizen token (<c>pid</c>) with a <c>krr:user/</c> scope.</summary>
    public const string Citizen = "Krr.Citizen";

    /// <summary>Agency token with <see cref="KrrScopes.ChangesRead"/>.</summary>
    public const string ChangesRead = "Krr.ChangesRead";

    /// <summary>Agency token with <see cref="KrrScopes.LanguageWrite"/>.</summary>
    public const string LanguageWrite = "Krr.LanguageWrite";

    /// <summary>
    /// An agency's own token (not a supplier acting for it) with any lookup scope: manages the delegations it
    /// gives and sees those it receives.
    /// </summary>
    public const string Delegation = "Krr.Delegation";

    /// <summary>Agency token with <see cref="KrrScopes.MailboxWrite"/> whose consumer is a mailbox provider.</summary>
    public const string MailboxProvider = "Krr.MailboxProvider";

    /// <summary>Non-citizen token with <see cref="KrrScopes.OperatorAdmin"/>.</summary>
    public const string Operator = "Krr.Operator";

    /// <summary>Organisations allowed to act as mailbox providers: Digipost (Posten Bring) and e-Boks.</summary>
    public static IReadOnlySet<string> MailboxProviderOrganizations { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "984661185",
        "922020175",
    };

    internal static void Add(AuthorizationOptions options, string scheme)
    {
        Add(options, scheme, Lookup, new KrrRequirement(Lookup, user =>
            Agency(user, out var caller) ?? (caller!.HasAnyLookupScope ? null : MissingScope(KrrScopes.LookupScopes))));
        Add(options, scheme, Citizen, new KrrRequirement(Citizen, CitizenCheck));
        Add(options, scheme, ChangesRead, AgencyScope(ChangesRead, KrrScopes.ChangesRead));
        Add(options, scheme, LanguageWrite, AgencyScope(LanguageWrite, KrrScopes.LanguageWrite));
        Add(options, scheme, Delegation, new KrrRequirement(Delegation, DelegationCheck));
        Add(options, scheme, MailboxProvider, new KrrRequirement(MailboxProvider, user =>
        {
            if (Agency(user, out var caller) is { } failure)
            {
                return failure;
            }

            if (!caller!.Scopes.Contains(KrrScopes.MailboxWrite))
            {
                return MissingScope([KrrScopes.MailboxWrite]);
            }

            return MailboxProviderOrganizations.Contains(caller.ConsumerOrg)
                ? null
                : new KrrFailure("Not a mailbox provider", "Only registered mailbox providers may use this endpoint.", null);
        }));
        Add(options, scheme, Operator, new KrrRequirement(Operator, OperatorCheck));
    }

    /// <summary>
    /// The web pages' policies: the same checks as the API's citizen, operator and delegation policies, on the
    /// pages' cookie <paramref name="scheme"/> only, so a page cookie never opens an API endpoint and a bearer
    /// token never opens a page.
    /// </summary>
    internal static void AddPages(AuthorizationOptions options, string scheme)
    {
        Add(options, scheme, KrrPagePolicies.Citizen, new KrrRequirement(KrrPagePolicies.Citizen, CitizenCheck));
        Add(options, scheme, KrrPagePolicies.Operator, new KrrRequirement(KrrPagePolicies.Operator, OperatorCheck));
        Add(options, scheme, KrrPagePolicies.Delegation, new KrrRequirement(KrrPagePolicies.Delegation, DelegationCheck));
    }

    private static KrrFailure? DelegationCheck(ClaimsPrincipal user) =>
        Agency(user, out var caller)
        ?? (caller!.IsSupplier
            ? SupplierToken
            : caller.HasAnyLookupScope ? null : MissingScope(KrrScopes.LookupScopes));

    private static KrrFailure? OperatorCheck(ClaimsPrincipal user)
    {
        if (user.FindFirst(KrrClaims.Pid) is not null)
        {
            return new KrrFailure("Wrong kind of token", "This endpoint needs an operator token; a citizen (pid) token was presented.", null);
        }

        return user.GetScopes().Contains(KrrScopes.OperatorAdmin) ? null : MissingScope([KrrScopes.OperatorAdmin]);
    }

    private static void Add(AuthorizationOptions options, string scheme, string name, KrrRequirement requirement) =>
        options.AddPolicy(name, policy => policy
            .AddAuthenticationSchemes(scheme)
            .RequireAuthenticatedUser()
            .AddRequirements(requirement));

    /// <summary>An agency's own token with <paramref name="scope"/>: delegation covers lookups only, never these endpoints.</summary>
    private static KrrRequirement AgencyScope(string name, string scope) => new(name, user =>
        Agency(user, out var caller)
        ?? (caller!.IsSupplier ? SupplierToken
            : caller.Scopes.Contains(scope) ? null : MissingScope([scope])));

    private static readonly KrrFailure SupplierToken = new("Supplier token",
        "This endpoint needs the organisation's own token; a delegation lets a supplier look up on its behalf, nothing else.", null);

    private static KrrFailure? Agency(ClaimsPrincipal user, out AgencyCaller? caller)
    {
        caller = user.GetAgencyCaller();
        if (caller is not null)
        {
            return null;
        }

        return user.GetCitizenCaller() is not null || user.FindFirst(KrrClaims.Pid) is not null
            ? new KrrFailure("Wrong kind of token", "This endpoint needs an agency (Maskinporten) token; a citizen (pid) token was presented.", null)
            : new KrrFailure(
                "Wrong kind of token",
                "This endpoint needs an agency (Maskinporten) token whose consumer claim is {\"authority\":\"iso6523-actorid-upis\",\"ID\":\"0192:<9-digit organisation number>\"} (and supplier, when present, likewise).",
                null);
    }

    private static KrrFailure? CitizenCheck(ClaimsPrincipal user)
    {
        var caller = user.GetCitizenCaller();
        if (caller is null)
        {
            return new KrrFailure("Wrong kind of token", "This endpoint needs a citizen (ID-porten) token with an 11-digit pid claim.", null);
        }

        return caller.HasAnyUserScope
            ? null
            : new KrrFailure("Missing scope", $"The token carries no {KrrScopes.UserScopePrefix}* scope.", [KrrScopes.UserContactRead, KrrScopes.UserMailboxRead, KrrScopes.UserLanguageWrite]);
    }

    private static KrrFailure MissingScope(IReadOnlyList<string> anyOf) => new(
        "Missing scope",
        anyOf.Count == 1
            ? $"The token lacks the scope {anyOf[0]}."
            : $"The token carries none of the scopes this endpoint accepts: {string.Join(", ", anyOf)}.",
        anyOf);
}
