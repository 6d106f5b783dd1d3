using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Krr.Api.Auth;
using Microsoft.AspNetCore.Mvc;

namespace Krr.Tests.Auth;

public sealed class AuthHttpTests(AuthHostFixture fixture) : IClassFixture<AuthHostFixture>
{
    private AuthTestHost Host => fixture.Host;

    [Fact]
    public async Task No_token_is_401_problem_saying_the_token_is_missing()
    {
        using var response = await Host.GetAsync("/t/lookup", token: null);

        var problem = await AssertProblem(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Missing access token", problem.Title);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Fact]
    public async Task Expired_token_is_401_expired()
    {
        var token = AuthTestHost.Token(AuthTestHost.KeyA, AuthTestHost.IssuerA, Agency(KrrScopes.ContactRead),
            notBefore: DateTime.UtcNow.AddHours(-2), lifetime: TimeSpan.FromHours(1));

        var problem = await AssertProblem(await Host.GetAsync("/t/lookup", token), HttpStatusCode.Unauthorized);
        Assert.Equal("Expired access token", problem.Title);
    }

    [Fact]
    public async Task Token_expired_within_the_clock_skew_is_still_accepted()
    {
        var token = AuthTestHost.Token(AuthTestHost.KeyA, AuthTestHost.IssuerA, Agency(KrrScopes.ContactRead),
            notBefore: DateTime.UtcNow.AddMinutes(-10), lifetime: TimeSpan.FromMinutes(10) - TimeSpan.FromSeconds(10));

        using var response = await Host.GetAsync("/t/lookup", token);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unknown_key_is_401_invalid_signature()
    {
        var token = AuthTestHost.AgencyToken(KrrScopes.ContactRead, key: AuthTestHost.KeyUnknown);

        var problem = await AssertProblem(await Host.GetAsync("/t/lookup", token), HttpStatusCode.Unauthorized);
        Assert.Equal("Invalid signature", problem.Title);
    }

    [Fact]
    public async Task Unknown_issuer_is_401_untrusted_issuer()
    {
        var token = AuthTestHost.AgencyToken(KrrScopes.ContactRead, issuer: "https://evil.test");

        var problem = await AssertProblem(await Host.GetAsync("/t/lookup", token), HttpStatusCode.Unauthorized);
        Assert.Equal("Untrusted issuer", problem.Title);
    }

    [Fact]
    public async Task Key_of_issuer_A_claiming_issuer_B_is_401()
    {
        var token = AuthTestHost.AgencyToken(KrrScopes.ContactRead, key: AuthTestHost.KeyA, issuer: AuthTestHost.IssuerB);

        var problem = await AssertProblem(await Host.GetAsync("/t/lookup", token), HttpStatusCode.Unauthorized);
        Assert.Equal("Invalid signature", problem.Title);
    }

    [Fact]
    public async Task Each_configured_issuer_is_accepted_with_its_own_key()
    {
        using var a = await Host.GetAsync("/t/lookup", AuthTestHost.AgencyToken(KrrScopes.ContactRead));
        using var b = await Host.GetAsync("/t/lookup", AuthTestHost.AgencyToken(KrrScopes.ContactRead, key: AuthTestHost.KeyB, issuer: AuthTestHost.IssuerB));

        Assert.Equal(HttpStatusCode.OK, a.StatusCode);
        Assert.Equal(HttpStatusCode.OK, b.StatusCode);
    }

    [Fact]
    public async Task Wrong_audience_is_401()
    {
        var token = AuthTestHost.Token(AuthTestHost.KeyA, AuthTestHost.IssuerA, Agency(KrrScopes.ContactRead), audience: "someone-else");

        var problem = await AssertProblem(await Host.GetAsync("/t/lookup", token), HttpStatusCode.Unauthorized);
        Assert.Equal("Wrong audience", problem.Title);
    }

    [Fact]
    public async Task Unsigned_token_is_401()
    {
        var header = Convert.ToBase64String("{\"alg\":\"none\",\"typ\":\"JWT\"}"u8).TrimEnd('=');
        var exp = DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds();
        var payload = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            $"{{\"iss\":\"{AuthTestHost.IssuerA}\",\"aud\":\"{AuthTestHost.Audience}\",\"exp\":{exp},\"scope\":\"{KrrScopes.ContactRead}\",\"consumer\":{{\"authority\":\"iso6523-actorid-upis\",\"ID\":\"0192:991825827\"}}}}"))
            .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        await AssertProblem(await Host.GetAsync("/t/lookup", $"{header}.{payload}."), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Garbage_token_is_401_malformed()
    {
        var problem = await AssertProblem(await Host.GetAsync("/t/lookup", "not-a-jwt"), HttpStatusCode.Unauthorized);
        Assert.Equal("Malformed access token", problem.Title);
    }

    [Fact]
    public async Task Valid_agency_token_without_KRR_scope_is_403_problem_naming_the_scopes()
    {
        using var response = await Host.GetAsync("/t/lookup", AuthTestHost.AgencyToken("openid some:other/scope"));

        var problem = await AssertProblem(response, HttpStatusCode.Forbidden);
        Assert.Equal("Missing scope", problem.Title);
        Assert.Contains(KrrScopes.ContactRead, problem.Detail);
        Assert.Contains("insufficient_scope", response.Headers.WwwAuthenticate.Single().Parameter);
    }

    [Theory]
    [InlineData(KrrScopes.ContactRead, true, false)]
    [InlineData(KrrScopes.MailboxRead, false, true)]
    [InlineData(KrrScopes.ContactRead + " " + KrrScopes.MailboxRead, true, true)]
    [InlineData(KrrScopes.DelegatedContactRead, false, false)] // delegation scopes only count for a supplier
    public async Task Lookup_scope_is_200_and_the_consumer_claim_is_parsed(string scope, bool contact, bool mailbox)
    {
        using var response = await Host.GetAsync("/t/lookup", AuthTestHost.AgencyToken(scope, consumer: "974760673"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<CallerView>();
        Assert.Equal("974760673", caller!.Consumer);
        Assert.Null(caller.Supplier);
        Assert.False(caller.IsSupplier);
        Assert.Equal(contact, caller.CanReadContact);
        Assert.Equal(mailbox, caller.CanReadMailbox);
    }

    [Fact]
    public async Task Supplier_different_from_consumer_is_flagged_and_gets_delegated_scopes()
    {
        var token = AuthTestHost.AgencyToken($"{KrrScopes.DelegatedContactRead} {KrrScopes.DelegatedMailboxRead}", consumer: "974760673", supplier: "889640782");

        using var response = await Host.GetAsync("/t/lookup", token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var caller = await response.Content.ReadFromJsonAsync<CallerView>();
        Assert.Equal(new CallerView("974760673", "889640782", true, true, true, null), caller);
    }

    [Fact]
    public async Task Supplier_equal_to_consumer_is_not_a_supplier()
    {
        var token = AuthTestHost.AgencyToken(KrrScopes.ContactRead, consumer: "974760673", supplier: "974760673");

        var caller = await (await Host.GetAsync("/t/lookup", token)).Content.ReadFromJsonAsync<CallerView>();
        Assert.False(caller!.IsSupplier);
    }

    [Theory]
    [InlineData("0192:97476067")]
    [InlineData("0192:9747606731")]
    [InlineData("9908:974760673")]
    [InlineData("0192:97476067x")]
    public async Task Malformed_consumer_is_403(string id)
    {
        var claims = new Dictionary<string, object>
        {
            ["scope"] = KrrScopes.ContactRead,
            ["consumer"] = new Dictionary<string, object> { ["authority"] = "iso6523-actorid-upis", ["ID"] = id },
        };

        var problem = await AssertProblem(await Host.GetAsync("/t/lookup", AuthTestHost.Token(AuthTestHost.KeyA, AuthTestHost.IssuerA, claims)), HttpStatusCode.Forbidden);
        Assert.Equal("Wrong kind of token", problem.Title);
    }

    [Fact]
    public async Task Consumer_as_plain_string_is_403()
    {
        var claims = new Dictionary<string, object> { ["scope"] = KrrScopes.ContactRead, ["consumer"] = "0192:974760673" };

        await AssertProblem(await Host.GetAsync("/t/lookup", AuthTestHost.Token(AuthTestHost.KeyA, AuthTestHost.IssuerA, claims)), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Citizen_token_on_agency_endpoint_is_403_even_with_global_scopes()
    {
        var token = AuthTestHost.Token(AuthTestHost.KeyA, AuthTestHost.IssuerA, new Dictionary<string, object>
        {
            ["scope"] = $"{KrrScopes.UserContactRead} {KrrScopes.ContactRead}",
            ["pid"] = "01017012345",
            ["consumer"] = AuthTestHost.Org("974760673"), // ID-porten tokens name the client's org too
        });

        var problem = await AssertProblem(await Host.GetAsync("/t/lookup", token), HttpStatusCode.Forbidden);
        Assert.Equal("Wrong kind of token", problem.Title);
        Assert.Contains("citizen", problem.Detail);
    }

    [Fact]
    public async Task Agency_token_on_citizen_endpoint_is_403()
    {
        var token = AuthTestHost.AgencyToken($"{KrrScopes.ContactRead} {KrrScopes.UserContactRead}");

        var problem = await AssertProblem(await Host.GetAsync("/t/citizen", token), HttpStatusCode.Forbidden);
        Assert.Equal("Wrong kind of token", problem.Title);
    }

    [Fact]
    public async Task Citizen_token_on_citizen_endpoint_is_200_with_pid()
    {
        using var response = await Host.GetAsync("/t/citizen", AuthTestHost.CitizenToken(KrrScopes.UserContactRead));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("01017012345", (await response.Content.ReadFromJsonAsync<CallerView>())!.Pid);
    }

    [Fact]
    public async Task Citizen_token_without_user_scope_is_403()
    {
        var problem = await AssertProblem(await Host.GetAsync("/t/citizen", AuthTestHost.CitizenToken("openid profile")), HttpStatusCode.Forbidden);
        Assert.Equal("Missing scope", problem.Title);
    }

    [Theory]
    [InlineData("/t/changes", KrrScopes.ChangesRead, "974760673", HttpStatusCode.OK)]
    [InlineData("/t/changes", KrrScopes.ContactRead, "974760673", HttpStatusCode.Forbidden)]
    [InlineData("/t/language", KrrScopes.LanguageWrite, "974760673", HttpStatusCode.OK)]
    [InlineData("/t/language", KrrScopes.UserLanguageWrite, "974760673", HttpStatusCode.Forbidden)]
    [InlineData("/t/mailbox-provider", KrrScopes.MailboxWrite, "984661185", HttpStatusCode.OK)]
    [InlineData("/t/mailbox-provider", KrrScopes.MailboxWrite, "922020175", HttpStatusCode.OK)]
    [InlineData("/t/mailbox-provider", KrrScopes.MailboxWrite, "974760673", HttpStatusCode.Forbidden)]
    [InlineData("/t/mailbox-provider", KrrScopes.MailboxRead, "984661185", HttpStatusCode.Forbidden)]
    [InlineData("/t/operator", KrrScopes.OperatorAdmin, "974760673", HttpStatusCode.OK)]
    [InlineData("/t/operator", KrrScopes.ContactRead, "974760673", HttpStatusCode.Forbidden)]
    [InlineData("/t/lookup", KrrScopes.OperatorAdmin, "974760673", HttpStatusCode.Forbidden)]
    public async Task Per_scope_policies(string path, string scope, string consumer, HttpStatusCode expected)
    {
        using var response = await Host.GetAsync(path, AuthTestHost.AgencyToken(scope, consumer));

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            await AssertProblem(response, HttpStatusCode.Forbidden);
        }
    }

    [Fact]
    public async Task Citizen_token_with_operator_scope_is_403_on_operator_endpoint()
    {
        await AssertProblem(await Host.GetAsync("/t/operator", AuthTestHost.CitizenToken(KrrScopes.OperatorAdmin)), HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Dev_token_endpoint_issues_agency_tokens_that_work()
    {
        using var issued = await Host.Client.PostAsJsonAsync("/dev/token", new
        {
            scope = $"{KrrScopes.DelegatedContactRead}",
            consumer = "974760673",
            supplier = "889640782",
            lifetimeMinutes = 5,
        });
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        using var body = JsonDocument.Parse(await issued.Content.ReadAsStringAsync());
        Assert.Equal("Bearer", body.RootElement.GetProperty("token_type").GetString());
        Assert.Equal(300, body.RootElement.GetProperty("expires_in").GetInt32());

        using var response = await Host.GetAsync("/t/lookup", body.RootElement.GetProperty("access_token").GetString());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(new CallerView("974760673", "889640782", true, true, false, null), await response.Content.ReadFromJsonAsync<CallerView>());
    }

    [Fact]
    public async Task Dev_token_endpoint_issues_citizen_tokens_that_work()
    {
        using var issued = await Host.Client.PostAsJsonAsync("/dev/token", new { pid = "01017012345" });
        var token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();

        using var citizen = await Host.GetAsync("/t/citizen", token);
        using var agency = await Host.GetAsync("/t/lookup", token);

        Assert.Equal(HttpStatusCode.OK, citizen.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, agency.StatusCode);
    }

    [Theory]
    [InlineData("{\"consumer\":\"12345\"}")]
    [InlineData("{\"scope\":\"x\"}")]
    [InlineData("{\"consumer\":\"974760673\",\"lifetimeMinutes\":0}")]
    [InlineData("{\"consumer\":\"974760673\",\"pid\":\"01017012345\"}")]
    public async Task Dev_token_endpoint_rejects_bad_requests_with_400_problem(string json)
    {
        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        await AssertProblem(await Host.Client.PostAsync("/dev/token", content), HttpStatusCode.BadRequest);
    }

    [Fact]
    public void Dev_issuer_C_sharp_api_creates_tokens()
    {
        var issuer = Host.App.Services.GetDevelopmentTokenIssuer();

        Assert.NotNull(issuer);
        Assert.Throws<ArgumentException>(() => issuer.CreateAgencyToken("123", [KrrScopes.ContactRead]));
        Assert.Throws<ArgumentException>(() => issuer.CreateCitizenToken("123", [KrrScopes.UserContactRead]));
        Assert.Throws<ArgumentOutOfRangeException>(() => issuer.CreateAgencyToken("974760673", [KrrScopes.ContactRead], lifetime: TimeSpan.FromDays(2)));
        Assert.Equal(3, issuer.CreateAgencyToken("974760673", [KrrScopes.ContactRead]).Split('.').Length);
    }

    internal static Dictionary<string, object> Agency(string scope, string consumer = "991825827") =>
        new() { ["scope"] = scope, ["consumer"] = AuthTestHost.Org(consumer) };

    internal static async Task<ProblemDetails> AssertProblem(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            Assert.Equal(status, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.NotNull(problem);
            Assert.Equal((int)status, problem.Status);
            Assert.False(string.IsNullOrWhiteSpace(problem.Title));
            Assert.False(string.IsNullOrWhiteSpace(problem.Detail));
            return problem;
        }
    }
}
