using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace Krr.Api.Auth;

/// <summary>Why a token was refused: title and detail for the 403 problem, and the scopes that would have helped.</summary>
internal sealed record KrrFailure(string Title, string Detail, IReadOnlyList<string>? Scopes);

/// <summary>A requirement that evaluates the caller and explains a refusal.</summary>
internal sealed class KrrRequirement(string policy, Func<ClaimsPrincipal, KrrFailure?> evaluate) : IAuthorizationRequirement
{
    public string Policy { get; } = policy;

    public KrrFailure? Evaluate(ClaimsPrincipal user) => evaluate(user);

    public override string ToString() => $"KRR policy {Policy}";
}

internal sealed class KrrFailureReason(KrrRequirementHandler handler, KrrFailure failure)
    : AuthorizationFailureReason(handler, failure.Detail)
{
    public KrrFailure Failure { get; } = failure;
}

internal sealed class KrrRequirementHandler : AuthorizationHandler<KrrRequirement>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, KrrRequirement requirement)
    {
        if (context.User.Identities.Any(i => i.IsAuthenticated))
        {
            if (requirement.Evaluate(context.User) is { } failure)
            {
                context.Fail(new KrrFailureReason(this, failure));
            }
            else
            {
                context.Succeed(requirement);
            }
        }

        return Task.CompletedTask;
    }
}
