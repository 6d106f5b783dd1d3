namespace Krr.Api.Auth;

/// <summary>Policies of the web pages, on the pages' cookie scheme (<see cref="PageAuthentication.Scheme"/>) only.</summary>
public static class KrrPagePolicies
{
    /// <summary>A signed-in citizen (<c>pid</c> with a <c>krr:user/</c> scope): MinProfil and the confirm dialog.</summary>
    public const string Citizen = "Krr.Page.Citizen";

    /// <summary>A signed-in operator (<see cref="KrrScopes.OperatorAdmin"/>): the test data page.</summary>
    public const string Operator = "Krr.Page.Operator";

    /// <summary>A signed-in agency, its own organisation (not a supplier): the delegation page.</summary>
    public const string Delegation = "Krr.Page.Delegation";
}
