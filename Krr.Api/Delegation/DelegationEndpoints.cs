using System.Collections.Immutable;
using Krr.Api.Auth;
using Krr.Api.Wire;
using Krr.Grains.Delegation;
using Krr.Grains.Domain;

namespace Krr.Api.Delegation;

/// <summary>
/// On-behalf-of delegation (SPEC §9, krr-reference.md §1.5): an agency grants a supplier organisation the
/// delegation scopes, lists grants given and received, and revokes. The caller's own consumer org is always the
/// granting side; a supplier token (acting for someone else) may not manage grants.
/// </summary>
public static class DelegationEndpoints
{
    /// <summary>What "KRR - Delegere på-vegne-av-rettighet" can give a supplier: the delegation scopes, nothing else.</summary>
    public static readonly ImmutableSortedSet<string> DelegableScopes =
        [KrrScopes.DelegatedContactRead, KrrScopes.DelegatedMailboxRead];

    public static IServiceCollection AddDelegation(this IServiceCollection services) =>
        services.AddSingleton<DelegationCheck>();

    public static IEndpointRouteBuilder MapDelegation(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/rest/v2/krr/delegeringer").RequireAuthorization(KrrPolicies.Delegation);
        group.MapPost("", GrantAsync);
        group.MapGet("", ListAsync);
        group.MapDelete("/{leverandoer}", RevokeAsync);
        return app;
    }

    private static async Task<IResult> GrantAsync(HttpContext http, IGrainFactory grains)
    {
        var consumer = http.User.GetAgencyCaller()!.ConsumerOrg;
        var (request, malformed) = await JsonBody.ReadAsync(http.Request, DelegationJsonContext.Default.GrantRequest,
            """{"leverandoer": "<orgnr>", "scopes": [...]}""");
        if (malformed is not null)
        {
            return malformed;
        }
        if (Supplier(request?.Leverandoer, consumer) is { } supplierProblem)
        {
            return supplierProblem;
        }
        if (Scopes(request!.Scopes, required: true) is not { } scopes)
        {
            return ScopesProblem();
        }
        var grant = await grains.GetDelegationsGiven(consumer).GrantAsync(request.Leverandoer!, scopes);
        return Results.Json(GrantResponse.From(grant), DelegationJsonContext.Default.GrantResponse);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IGrainFactory grains)
    {
        var org = http.User.GetAgencyCaller()!.ConsumerOrg;
        var given = await grains.GetDelegationsGiven(org).ListAsync();
        var received = await grains.GetDelegationsReceived(org).ListAsync();
        return Results.Json(
            new GrantsResponse([.. given.Select(GrantResponse.From)], [.. received.Select(GrantResponse.From)]),
            DelegationJsonContext.Default.GrantsResponse);
    }

    /// <summary>Revokes the scopes named by <c>?scope=</c> (repeatable), or the whole grant without any.</summary>
    private static async Task<IResult> RevokeAsync(HttpContext http, IGrainFactory grains, string leverandoer)
    {
        var consumer = http.User.GetAgencyCaller()!.ConsumerOrg;
        if (Supplier(leverandoer, consumer) is { } supplierProblem)
        {
            return supplierProblem;
        }
        if (Scopes(http.Request.Query["scope"].OfType<string>().ToList(), required: false) is not { } scopes)
        {
            return ScopesProblem();
        }
        await grains.GetDelegationsGiven(consumer).RevokeAsync(leverandoer, scopes);
        return Results.NoContent();
    }

    private static IResult? Supplier(string? supplier, string consumer) =>
        SupplierError(supplier, consumer) is { } error
            ? Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid leverandoer", detail: error.Message)
            : null;

    /// <summary>Why <paramref name="supplier"/> cannot receive a grant from <paramref name="consumer"/>; null when it can.</summary>
    public static ValidationError? SupplierError(string? supplier, string consumer) =>
        !OrganizationNumber.TryParse(supplier, out _, out var error)
            ? error with { Message = $"leverandoer must be the supplier's organisation number: {error.Message}" }
            : supplier == consumer
                ? new ValidationError("orgnr.self", "An organisation cannot grant a delegation to itself.")
                : null;

    private static ImmutableSortedSet<string>? Scopes(IReadOnlyList<string>? scopes, bool required) =>
        (scopes is null || scopes.Count == 0) && required ? null
        : scopes?.All(DelegableScopes.Contains) == false ? null
        : [.. scopes ?? []];

    private static IResult ScopesProblem() =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid scopes",
            detail: $"A delegation covers one or more of the delegation scopes {string.Join(", ", DelegableScopes)}, and nothing else.");
}
