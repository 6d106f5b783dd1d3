using System.Net;
using System.Text.Json.Nodes;
using Krr.Api.AccessLog;
using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Api;

/// <summary>Language write and delegation over real HTTP (SPEC §9), embedded shape.</summary>
public sealed class AgencyServicesTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    private const string Contact = "krr:global/kontaktinformasjon.read";
    private const string Mailbox = "krr:global/digitalpost.read";
    private const string DelegatedContact = "krr:global/kontaktinfo.read";
    private const string DelegatedMailbox = "krr:global/postkasse.read";
    private const string LanguageWrite = "krr:global/spraak.write";
    private static readonly string[] Orgs = ValidOrgs().Take(6).ToArray();

    [Fact]
    public async Task Language_batch_creates_sets_and_leaves_an_existing_language_alone()
    {
        var unknown = TestIdentities.Next();
        var withoutLanguage = TestIdentities.Next();
        var withLanguage = TestIdentities.Next();
        await deployment.Grains.GetPerson(withoutLanguage).SetReservationAsync(false);
        await deployment.Grains.GetPerson(withLanguage).SetLanguageAsync("nn");

        var results = await LanguageAsync((unknown, "en"), (withoutLanguage, "NB"), (withLanguage, "se"));

        Assert.Equal([201, 200, 409], results.Select(r => (int)r!["status"]!));
        Assert.Equal(["OPPRETTET", "SATT", "ALLEREDE_SATT"], results.Select(r => (string)r!["resultat"]!));
        Assert.Equal(["en", "nb", "nn"], results.Select(r => (string)r!["spraak"]!));
        var persons = await deployment.PersonsAsync("v2", [unknown, withoutLanguage, withLanguage], Contact);
        Assert.Equal("AKTIV", (string?)persons[0]!["status"]);
        Assert.Equal("NEI", (string?)persons[0]!["reservasjon"]);
        Assert.Null(persons[0]!["kontaktinformasjon"]);
        Assert.Equal(["en", "nb", "nn"], persons.Select(p => (string)p!["spraak"]!));
    }

    [Fact]
    public async Task An_invalid_pair_rejects_the_whole_batch_and_changes_nothing()
    {
        var valid = TestIdentities.Next();
        using var response = await deployment.SendAsync(HttpMethod.Post, "/rest/v2/krr/spraak", deployment.Tokens.Agency(Orgs[0], LanguageWrite),
            new { personer = new object[] { new { personidentifikator = valid, spraak = "nb" }, new { personidentifikator = "123", spraak = "nb" }, new { personidentifikator = valid, spraak = "de" } } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal([1, 2], problem["errors"]!.AsArray().Select(e => (int)e!["indeks"]!));
        Assert.Equal("IKKE_REGISTRERT", (string?)(await deployment.PersonsAsync("v2", [valid], Contact))[0]!["status"]);

        using var tooMany = await deployment.SendAsync(HttpMethod.Post, "/rest/v2/krr/spraak", deployment.Tokens.Agency(Orgs[0], LanguageWrite),
            new { personer = Enumerable.Range(0, 1001).Select(_ => new { personidentifikator = valid, spraak = "nb" }) });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
    }

    [Fact]
    public async Task A_supplier_looks_up_only_while_granted_and_only_the_granted_blocks()
    {
        var (consumer, supplier) = (Orgs[1], Orgs[2]);
        var person = TestIdentities.Next();
        await deployment.Grains.GetPerson(person).SetLanguageAsync("nb");
        await deployment.Grains.GetPerson(person).SetDigitalMailboxAsync(new("x#digipost", "984661185"));
        var token = deployment.Tokens.Supplier(consumer, supplier, DelegatedContact, DelegatedMailbox);

        await AssertNoDelegationAsync(token, person);

        await GrantAsync(consumer, supplier, DelegatedContact);
        var seen = await SupplierLookupAsync(token, person);
        Assert.Equal("nb", (string?)seen["spraak"]);
        Assert.Null(seen["digital_post"]);

        await GrantAsync(consumer, supplier, DelegatedMailbox);
        seen = await SupplierLookupAsync(token, person);
        Assert.NotNull(seen["digital_post"]);

        using (var revoke = await deployment.SendAsync(HttpMethod.Delete, $"/rest/v2/krr/delegeringer/{supplier}?scope={DelegatedContact}", deployment.Tokens.Agency(consumer, Contact)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }
        seen = await SupplierLookupAsync(token, person);
        Assert.Null(seen["spraak"]);
        Assert.NotNull(seen["digital_post"]);

        using (var revoke = await deployment.SendAsync(HttpMethod.Delete, $"/rest/v2/krr/delegeringer/{supplier}", deployment.Tokens.Agency(consumer, Contact)))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }
        await AssertNoDelegationAsync(token, person);
    }

    [Fact]
    public async Task Grants_are_listed_both_ways_and_access_is_logged_with_both_orgs()
    {
        var (consumer, supplier) = (Orgs[3], Orgs[4]);
        await GrantAsync(consumer, supplier, DelegatedContact);

        var given = await ListAsync(consumer);
        var grant = Assert.Single(given["gitt"]!.AsArray())!;
        Assert.Equal(supplier, (string?)grant["leverandoer"]);
        Assert.Equal([DelegatedContact], grant["scopes"]!.AsArray().Select(s => (string)s!));
        var received = Assert.Single((await ListAsync(supplier))["mottatt"]!.AsArray())!;
        Assert.Equal(consumer, (string?)received["avgiver"]);

        var person = TestIdentities.Next();
        await SupplierLookupAsync(deployment.Tokens.Supplier(consumer, supplier, DelegatedContact), person);
        await using var connection = await deployment.Database.OpenConnectionAsync();
        for (var attempt = 0; ; attempt++)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT consumer_org, supplier_org FROM krr_access_log WHERE $1 = ANY(identifier_numbers)", connection);
            command.Parameters.Add(new() { Value = AccessLogIdentifiers.ToNumber(person) });
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                Assert.Equal((consumer, supplier), (reader.GetString(0).Trim(), reader.GetString(1).Trim()));
                break;
            }
            Assert.True(attempt < 50, "the lookup never reached the access log");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Grants_name_a_valid_supplier_and_only_delegation_scopes()
    {
        using var self = await deployment.SendAsync(HttpMethod.Post, "/rest/v2/krr/delegeringer", deployment.Tokens.Agency(Orgs[5], Contact),
            new { leverandoer = Orgs[5], scopes = new[] { DelegatedContact } });
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        using var scope = await deployment.SendAsync(HttpMethod.Post, "/rest/v2/krr/delegeringer", deployment.Tokens.Agency(Orgs[5], Contact),
            new { leverandoer = Orgs[0], scopes = new[] { Contact } });
        Assert.Equal(HttpStatusCode.BadRequest, scope.StatusCode);
        using var org = await deployment.SendAsync(HttpMethod.Post, "/rest/v2/krr/delegeringer", deployment.Tokens.Agency(Orgs[5], Contact),
            new { leverandoer = "123456789", scopes = new[] { DelegatedContact } });
        Assert.Equal(HttpStatusCode.BadRequest, org.StatusCode);
    }

    private async Task<JsonArray> LanguageAsync(params (string Person, string Language)[] pairs)
    {
        using var response = await deployment.SendAsync(HttpMethod.Post, "/rest/v2/krr/spraak", deployment.Tokens.Agency(Orgs[0], LanguageWrite),
            new { personer = pairs.Select(p => new { personidentifikator = p.Person, spraak = p.Language }) });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["personer"]!.AsArray();
    }

    private async Task GrantAsync(string consumer, string supplier, string scope)
    {
        using var response = await deployment.SendAsync(HttpMethod.Post, "/rest/v2/krr/delegeringer", deployment.Tokens.Agency(consumer, Contact),
            new { leverandoer = supplier, scopes = new[] { scope } });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonObject> ListAsync(string org)
    {
        using var response = await deployment.SendAsync(HttpMethod.Get, "/rest/v2/krr/delegeringer", deployment.Tokens.Agency(org, DelegatedContact));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    private async Task<JsonNode> SupplierLookupAsync(string token, string person)
    {
        using var response = await deployment.LookupAsync("v2", token, new { personidentifikatorer = new[] { person } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!["personer"]![0]!;
    }

    private async Task AssertNoDelegationAsync(string token, string person)
    {
        using var response = await deployment.LookupAsync("v2", token, new { personidentifikatorer = new[] { person } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(person, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Valid organisation numbers (mod 11), none of them a mailbox provider.</summary>
    internal static IEnumerable<string> ValidOrgs() =>
        Enumerable.Range(910_000_000, 1_000_000).Select(n => n.ToString())
            .Where(n => OrganizationNumber.TryParse(n, out _, out _))
            .Skip(Random.Shared.Next(1000));
}

/// <summary>A register with a tiny lookup allowance, to see the limit bite per consumer org.</summary>
public sealed class RateLimitedDeployment : EmbeddedDeployment
{
    protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
    [
        new("Krr:Lookup:RateLimit:PermitLimit", "3"),
        new("Krr:Lookup:RateLimit:WindowSeconds", "60"),
    ];
}

public sealed class LookupRateLimitTests(RateLimitedDeployment deployment) : IClassFixture<RateLimitedDeployment>
{
    [Fact]
    public async Task One_agency_over_its_allowance_gets_429_with_Retry_After_while_another_is_served()
    {
        var orgs = AgencyServicesTests.ValidOrgs().Take(2).ToArray();
        var body = new { personidentifikatorer = new[] { TestIdentities.Next() } };
        var busy = deployment.Tokens.Agency(orgs[0], "krr:global/kontaktinformasjon.read");
        for (var i = 0; i < 3; i++)
        {
            using var allowed = await deployment.LookupAsync("v2", busy, body);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }
        using var refused = await deployment.LookupAsync("v1", busy, body);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        using var other = await deployment.LookupAsync("v2", deployment.Tokens.Agency(orgs[1], "krr:global/kontaktinformasjon.read"), body);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }
}
