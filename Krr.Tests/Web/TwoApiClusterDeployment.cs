using Krr.Tests.Api;

namespace Krr.Tests.Web;

/// <summary>
/// The cluster shape with two <c>Krr.Api</c> processes serving the pages, in the Development environment so the
/// development sign-in (<c>/logg-inn</c>) is there to issue a page cookie.
/// </summary>
public sealed class TwoApiClusterDeployment : ClusterDeployment
{
    protected override int ApiProcesses => 2;

    protected override IEnumerable<KeyValuePair<string, string>> ApiExtraSettings =>
    [
        new("DOTNET_ENVIRONMENT", "Development"),
        new("ASPNETCORE_ENVIRONMENT", "Development"),
        new("Krr:Auth:DevelopmentIssuer", "true"),
    ];
}
