namespace Krr.Api.Auth;

/// <summary>A logged-in person (ID-porten token): <see cref="Pid"/> is the 11-digit person identifier.</summary>
public sealed record CitizenCaller(string Pid, IReadOnlySet<string> Scopes)
{
    /// <summary>Holds at least one <c>krr:user/</c> scope.</summary>
    public bool HasAnyUserScope => Scopes.Any(s => s.StartsWith(KrrScopes.UserScopePrefix, StringComparison.Ordinal));
}
