using System.Net;
using System.Text.Json.Nodes;
using Krr.Api.Auth;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Api;

/// <summary>
/// Walks every endpoint the API maps (from its <c>EndpointDataSource</c>, so endpoints added later are
/// included without touching this test) with every kind of wrong token, and requires 401/403 with a problem
/// body that carries no data. Anonymous endpoints (health, JWKS, the development issuer) are left out by their
/// metadata. Endpoints behind a policy named like <see cref="KrrPolicies.Citizen"/> (<c>Krr.Citizen…</c>) are
/// citizen endpoints; all others agency ones. The web pages (<see cref="KrrPagePolicies"/>) take no token at all,
/// only the pages' cookie, and answer a refusal with their sign-in page rather than a problem: they have a test of
/// their own here, and their flows are in <c>Web/PagesInBrowserTests</c>.
/// </summary>
public sealed class AuthorizationMatrixTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    private static readonly string[] AgencyScopes =
    [
        KrrScopes.ContactRead, KrrScopes.MailboxRead, KrrScopes.DelegatedContactRead, KrrScopes.DelegatedMailboxRead,
        KrrScopes.ChangesRead, KrrScopes.LanguageWrite, KrrScopes.MailboxWrite,
    ];

    private static readonly string[] UserScopes = [KrrScopes.UserContactRead, KrrScopes.UserMailboxRead, KrrScopes.UserLanguageWrite];

    private static readonly HashSet<string> ProblemFields = ["type", "title", "status", "detail", "instance", "traceId"];

    [Fact]
    public async Task Every_protected_endpoint_refuses_every_wrong_token_without_data()
    {
        var endpoints = ProtectedEndpoints();
        Assert.Contains(endpoints, e => e.Route == "/rest/v2/personer");
        Assert.Contains(endpoints, e => e.Route == "/rest/v2/krr/hentEndringer");
        Assert.Contains(endpoints, e => e.Route == "/rest/v2/krr/spraak");
        Assert.Contains(endpoints, e => e.Route.StartsWith("/rest/v2/krr/delegeringer", StringComparison.Ordinal));

        var orgs = AgencyServicesTests.ValidOrgs().Take(3).ToArray();
        var (consumer, supplier, revokedSupplier) = (orgs[0], orgs[1], orgs[2]);
        var person = TestIdentities.Next();
        var email = TestIdentities.Email();
        await deployment.Grains.GetPerson(person).SetContactAsync(ContactChannel.Email, new ContactValue(email, email));
        var pid = TestIdentities.Next();
        await GrantThenRevokeAsync(consumer, revokedSupplier);

        var tokens = deployment.Tokens;
        var untrusted = new TestTokens("krr-untrusted-issuer");
        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var citizenEndpoint = endpoint.Policies.Any(p => p.StartsWith(KrrPolicies.Citizen, StringComparison.Ordinal));
            List<(string Case, string? Token, HttpStatusCode Expected)> cases =
            [
                ("no token", null, HttpStatusCode.Unauthorized),
                ("expired token", tokens.ExpiredAgency(consumer, AgencyScopes), HttpStatusCode.Unauthorized),
                ("wrong issuer", citizenEndpoint ? untrusted.Citizen(pid, UserScopes) : untrusted.Agency(consumer, AgencyScopes), HttpStatusCode.Unauthorized),
                ("wrong scope", citizenEndpoint ? tokens.Citizen(pid, "openid") : tokens.Agency(consumer, "krr:global/ukjent.read"), HttpStatusCode.Forbidden),
                ("supplier without grant", tokens.Supplier(consumer, supplier, AgencyScopes), HttpStatusCode.Forbidden),
                ("supplier with revoked grant", tokens.Supplier(consumer, revokedSupplier, AgencyScopes), HttpStatusCode.Forbidden),
                citizenEndpoint
                    ? ("agency token on a citizen endpoint", tokens.Agency(consumer, [.. AgencyScopes, KrrScopes.OperatorAdmin]), HttpStatusCode.Forbidden)
                    : ("citizen token on an agency endpoint", tokens.Citizen(person, UserScopes), HttpStatusCode.Forbidden),
            ];
            foreach (var (name, token, expected) in cases)
            {
                using var response = await deployment.SendAsync(new HttpMethod(endpoint.Method), endpoint.Path, token,
                    new { personidentifikatorer = new[] { person }, fraEndringsId = 0, personer = new[] { new { personidentifikator = person, spraak = "nb" } } });
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != expected)
                {
                    failures.Add($"{endpoint.Method} {endpoint.Route} with {name}: {(int)response.StatusCode} {body}");
                }
                else if (!CarriesNoData(body, person, email))
                {
                    failures.Add($"{endpoint.Method} {endpoint.Route} with {name}: body carries data: {body}");
                }
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Pages_open_with_no_bearer_token_and_have_no_sign_in_without_the_development_issuer()
    {
        var pages = ProtectedEndpoints(pages: true).Select(e => e.Path).Distinct().ToList();
        Assert.Equivalent(new[] { "/minprofil", "/bekreft", "/testdata", "/delegering" }, pages);
        var tokens = deployment.Tokens;
        var pid = TestIdentities.Next();
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = deployment.Http.BaseAddress };
        var failures = new List<string>();
        foreach (var page in pages)
        {
            foreach (var token in new[] { tokens.Citizen(pid, UserScopes), tokens.Agency("991825827", [.. AgencyScopes, KrrScopes.OperatorAdmin]) })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, page);
                request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
                using var response = await browser.SendAsync(request);
                if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is not { } location
                    || new Uri(browser.BaseAddress!, location).AbsolutePath != PageAuthentication.LoginPath)
                {
                    failures.Add($"GET {page} with a bearer token: {(int)response.StatusCode} {response.Headers.Location}");
                }
            }
        }
        Assert.Empty(failures);
        // The host runs as Production: no development issuer, so no sign-in page to reach.
        using var login = await browser.GetAsync(PageAuthentication.LoginPath);
        Assert.Equal(HttpStatusCode.NotFound, login.StatusCode);
    }

    private List<(string Method, string Route, string Path, IReadOnlyList<string> Policies)> ProtectedEndpoints(bool pages = false) =>
        ApiEndpoint.All(deployment.Services).Where(e => !e.Anonymous)
            .Where(e => e.Policies.Any(p => p.StartsWith("Krr.Page.", StringComparison.Ordinal)) == pages)
            // Route values only have to route; the token is refused before they are read.
            .Select(e => (e.Method, e.Route, e.PathWith(() => "910000009"), e.Policies))
            .ToList();

    private static bool CarriesNoData(string body, string person, string email)
    {
        if (body.Contains(person, StringComparison.Ordinal) || body.Contains(email, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return body.Length == 0 || JsonNode.Parse(body) is JsonObject problem && problem.All(p => ProblemFields.Contains(p.Key));
    }

    private async Task GrantThenRevokeAsync(string consumer, string supplier)
    {
        var token = deployment.Tokens.Agency(consumer, KrrScopes.ContactRead);
        using var grant = await deployment.SendAsync(HttpMethod.Post, "/rest/v2/krr/delegeringer", token,
            new { leverandoer = supplier, scopes = new[] { KrrScopes.DelegatedContactRead, KrrScopes.DelegatedMailboxRead } });
        Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        using var revoke = await deployment.SendAsync(HttpMethod.Delete, $"/rest/v2/krr/delegeringer/{supplier}", token);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
    }
}
