using System.Net;
using System.Text.Json.Nodes;
using Krr.Api.AccessLog;
using Krr.Grains.Domain;
using Krr.Grains.MailboxProviders;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Krr.Tests.Api;

/// <summary>The lookup service's rules (SPEC §4, §5, §7), over real HTTP, run against both hosting shapes.</summary>
public abstract class LookupTests(KrrDeployment deployment)
{
    private const string Contact = "krr:global/kontaktinformasjon.read";
    private const string Mailbox = "krr:global/digitalpost.read";
    private const string Agency = "991825827";

    [Fact]
    public async Task Duplicate_flags_follow_a_second_person_registering_and_leaving_the_same_email()
    {
        var kjell = TestIdentities.Next();
        var other = TestIdentities.Next();
        // The seed's own example values; each deployment has a database of its own, so no other test holds them.
        const string email = "kjell@test.no";
        await SetEmailAsync(kjell, email);
        await SetMobileAsync(kjell, "+4798765432");

        var alone = await ContactOf(kjell);
        Assert.Equal("NEI", (string?)alone["epostadresse_duplisert"]);
        Assert.Equal("NEI", (string?)alone["mobiltelefonnummer_duplisert"]);

        await SetEmailAsync(other, email.ToUpperInvariant());
        var persons = await deployment.PersonsAsync("v2", [kjell, other], Contact);
        Assert.All(persons, p => Assert.Equal("JA", (string?)p!["kontaktinformasjon"]!["epostadresse_duplisert"]));
        Assert.Equal("NEI", (string?)persons[0]!["kontaktinformasjon"]!["mobiltelefonnummer_duplisert"]);

        await SetEmailAsync(other, TestIdentities.Email());
        persons = await deployment.PersonsAsync("v2", [kjell, other], Contact);
        Assert.All(persons, p => Assert.Equal("NEI", (string?)p!["kontaktinformasjon"]!["epostadresse_duplisert"]));
    }

    [Fact]
    public async Task Deleting_a_co_owner_clears_the_remaining_owners_flag()
    {
        var first = TestIdentities.Next();
        var second = TestIdentities.Next();
        var mobile = TestIdentities.Mobile();
        await SetMobileAsync(first, mobile);
        await SetMobileAsync(second, mobile);
        Assert.Equal("JA", (string?)(await ContactOf(first))["mobiltelefonnummer_duplisert"]);

        await deployment.Grains.GetPerson(second).DeleteAsync();

        Assert.Equal("NEI", (string?)(await ContactOf(first))["mobiltelefonnummer_duplisert"]);
    }

    [Fact]
    public async Task The_next_lookup_sees_every_write_of_the_writer_and_the_co_owners_flag()
    {
        var writer = TestIdentities.Next();
        var coOwner = TestIdentities.Next();
        for (var i = 0; i < 5; i++)
        {
            var mobile = TestIdentities.Mobile();
            await SetMobileAsync(writer, mobile);
            var persons = await deployment.PersonsAsync("v2", [writer, coOwner], Contact);
            Assert.Equal(Mobile(mobile).Normalized, (string?)persons[0]!["kontaktinformasjon"]!["mobiltelefonnummer"]);
            Assert.Equal("NEI", (string?)persons[0]!["kontaktinformasjon"]!["mobiltelefonnummer_duplisert"]);
            // The co-owner's flag is cleared by the writer moving away from the value they shared.
            Assert.NotEqual("JA", (string?)persons[1]!["kontaktinformasjon"]?["mobiltelefonnummer_duplisert"]);

            await SetMobileAsync(coOwner, mobile);
            persons = await deployment.PersonsAsync("v2", [writer, coOwner], Contact);
            Assert.All(persons, p => Assert.Equal("JA", (string?)p!["kontaktinformasjon"]!["mobiltelefonnummer_duplisert"]));
        }
    }

    [Fact]
    public async Task A_person_looked_up_before_registering_is_seen_registered_at_once()
    {
        var identifier = TestIdentities.Next();
        Assert.Equal("IKKE_REGISTRERT", (string?)Assert.Single(await deployment.PersonsAsync("v2", [identifier], Contact))!["status"]);
        var email = TestIdentities.Email();
        await SetEmailAsync(identifier, email);

        var person = Assert.Single(await deployment.PersonsAsync("v2", [identifier], Contact))!;
        Assert.Equal("AKTIV", (string?)person["status"]);
        Assert.Equal(email, (string?)person["kontaktinformasjon"]!["epostadresse"]);
    }

    [Fact]
    public async Task Lookups_and_writes_stay_right_after_the_person_grains_are_deactivated()
    {
        var identifier = TestIdentities.Next();
        var first = TestIdentities.Email();
        await SetEmailAsync(identifier, first);
        Assert.Equal(first, (string?)(await ContactOf(identifier))["epostadresse"]);

        await deployment.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        Assert.Equal(first, (string?)(await ContactOf(identifier))["epostadresse"]);

        await deployment.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var second = TestIdentities.Email();
        await SetEmailAsync(identifier, second);
        Assert.Equal(second, (string?)(await ContactOf(identifier))["epostadresse"]);
    }

    [Fact]
    public async Task An_unknown_person_is_not_registered_and_cannot_be_notified()
    {
        var unknown = TestIdentities.Next();
        var person = Assert.Single(await deployment.PersonsAsync("v2", [unknown], Contact, Mailbox))!.AsObject();
        Assert.Equal(
            new JsonObject { ["personidentifikator"] = unknown, ["status"] = "IKKE_REGISTRERT", ["varslingsstatus"] = "KAN_IKKE_VARSLES" }.ToJsonString(),
            person.ToJsonString());
    }

    [Fact]
    public async Task A_deleted_person_shows_only_identifier_and_status()
    {
        var identifier = TestIdentities.Next();
        await SetEmailAsync(identifier, TestIdentities.Email());
        await deployment.Grains.GetPerson(identifier).DeleteAsync();

        var person = Assert.Single(await deployment.PersonsAsync("v2", [identifier], Contact, Mailbox))!.AsObject();
        Assert.Equal(
            new JsonObject { ["personidentifikator"] = identifier, ["status"] = "SLETTET", ["varslingsstatus"] = "KAN_IKKE_VARSLES" }.ToJsonString(),
            person.ToJsonString());
    }

    [Fact]
    public async Task A_reserved_person_keeps_contact_information_but_shows_no_mailbox()
    {
        var identifier = TestIdentities.Next();
        await SetEmailAsync(identifier, TestIdentities.Email());
        await deployment.Grains.GetPerson(identifier).SetDigitalMailboxAsync(new DigitalMailboxRecord("reservert#digipost", "984661185"));
        await deployment.Grains.GetPerson(identifier).SetReservationAsync(true);

        var person = Assert.Single(await deployment.PersonsAsync("v2", [identifier], Contact, Mailbox))!;
        Assert.Equal("JA", (string?)person["reservasjon"]);
        Assert.NotNull(person["reservasjonstidspunkt"]);
        Assert.Equal("KAN_IKKE_VARSLES", (string?)person["varslingsstatus"]);
        Assert.NotNull(person["kontaktinformasjon"]!["epostadresse"]);
        Assert.Null(person["digital_post"]);
        Assert.Null(person["sertifikat"]);

        await deployment.Grains.GetPerson(identifier).SetReservationAsync(false);
        person = Assert.Single(await deployment.PersonsAsync("v2", [identifier], Contact, Mailbox))!;
        Assert.Equal("NEI", (string?)person["reservasjon"]);
        Assert.Null(person["reservasjonstidspunkt"]);
        Assert.Equal("reservert#digipost", (string?)person["digital_post"]!["postkasseadresse"]);
    }

    [Fact]
    public async Task Channels_older_than_18_months_are_returned_but_the_person_cannot_be_notified()
    {
        var now = DateTimeOffset.UtcNow;
        var expired = TestIdentities.Next();
        var oneFresh = TestIdentities.Next();
        await SeedAsync(expired, now.AddMonths(-19), email: TestIdentities.Email(), mobile: TestIdentities.Mobile());
        await SeedAsync(oneFresh, now.AddMonths(-19), email: TestIdentities.Email(), mobile: TestIdentities.Mobile());
        await deployment.Grains.GetPerson(oneFresh).SetContactAsync(ContactChannel.Mobile, Mobile(TestIdentities.Mobile()));

        var persons = await deployment.PersonsAsync("v2", [expired, oneFresh], Contact);
        Assert.Equal("KAN_IKKE_VARSLES", (string?)persons[0]!["varslingsstatus"]);
        Assert.NotNull(persons[0]!["kontaktinformasjon"]!["epostadresse"]);
        Assert.NotNull(persons[0]!["kontaktinformasjon"]!["mobiltelefonnummer"]);
        Assert.Equal("KAN_VARSLES", (string?)persons[1]!["varslingsstatus"]);
    }

    [Fact]
    public async Task Version_1_leaves_out_the_duplicate_and_validation_fields_and_oppdatert()
    {
        var identifier = TestIdentities.Next();
        await SetEmailAsync(identifier, TestIdentities.Email());
        await SetMobileAsync(identifier, TestIdentities.Mobile());
        await deployment.Grains.GetPerson(identifier).MarkValidatedAsync(ContactChannel.Mobile, (await deployment.Grains.GetPerson(identifier).GetAsync())!.Mobile!.Normalized);

        var v1 = Assert.Single(await deployment.PersonsAsync("v1", [identifier], Contact))!;
        var v2 = Assert.Single(await deployment.PersonsAsync("v2", [identifier], Contact))!;
        string[] v2Only = ["epostadresse_duplisert", "mobiltelefonnummer_duplisert", "mobiltelefonnummer_sist_validert"];
        foreach (var field in v2Only)
        {
            Assert.Null(v1["kontaktinformasjon"]![field]);
            Assert.NotNull(v2["kontaktinformasjon"]![field]);
        }
        Assert.Null(v1["oppdatert"]);
        Assert.NotNull(v2["oppdatert"]);
        Assert.Equal((string?)v1["kontaktinformasjon"]!["epostadresse"], (string?)v2["kontaktinformasjon"]!["epostadresse"]);
    }

    [Fact]
    public async Task Scopes_decide_which_blocks_are_returned()
    {
        var identifier = TestIdentities.Next();
        await SetEmailAsync(identifier, TestIdentities.Email());
        await deployment.Grains.GetPerson(identifier).SetLanguageAsync("nn");
        await deployment.Grains.GetPerson(identifier).SetDigitalMailboxAsync(new DigitalMailboxRecord("scoped#digipost", "984661185"));
        await deployment.Grains.GetMailboxProvider("984661185").SetCertificateAsync("TUlJQ2VydGlmaWNhdGU=");

        var contactOnly = Assert.Single(await deployment.PersonsAsync("v2", [identifier], Contact))!;
        Assert.NotNull(contactOnly["kontaktinformasjon"]);
        Assert.Equal("nn", (string?)contactOnly["spraak"]);
        Assert.NotNull(contactOnly["varslingsstatus"]);
        Assert.Null(contactOnly["digital_post"]);
        Assert.Null(contactOnly["sertifikat"]);

        var mailboxOnly = Assert.Single(await deployment.PersonsAsync("v2", [identifier], Mailbox))!;
        Assert.Null(mailboxOnly["kontaktinformasjon"]);
        Assert.Null(mailboxOnly["spraak"]);
        Assert.Null(mailboxOnly["varslingsstatus"]);
        Assert.Equal("scoped#digipost", (string?)mailboxOnly["digital_post"]!["postkasseadresse"]);
        Assert.Equal("984661185", (string?)mailboxOnly["digital_post"]!["postkasseleverandoeradresse"]);
        Assert.Equal("TUlJQ2VydGlmaWNhdGU=", (string?)mailboxOnly["sertifikat"]);
        Assert.Equal("NEI", (string?)mailboxOnly["reservasjon"]);
        Assert.Equal("AKTIV", (string?)mailboxOnly["status"]);
    }

    [Fact]
    public async Task The_answer_has_one_element_per_distinct_identifier_in_request_order()
    {
        var a = TestIdentities.Next();
        var b = TestIdentities.Next();
        var c = TestIdentities.Next();
        await SetEmailAsync(b, TestIdentities.Email());

        var persons = await deployment.PersonsAsync("v2", [c, b, a, b, c], Contact);

        Assert.Equal([c, b, a], persons.Select(p => (string)p!["personidentifikator"]!));
    }

    [Fact]
    public async Task Timestamps_carry_the_Europe_Oslo_offset()
    {
        var winter = TestIdentities.Next();
        var summer = TestIdentities.Next();
        await SeedAsync(winter, new DateTimeOffset(2026, 1, 15, 12, 0, 0, TimeSpan.Zero), email: TestIdentities.Email(), mobile: null);
        await SeedAsync(summer, new DateTimeOffset(2026, 7, 15, 12, 0, 0, TimeSpan.Zero), email: TestIdentities.Email(), mobile: null);

        var persons = await deployment.PersonsAsync("v2", [winter, summer], Contact);

        Assert.Equal("2026-01-15T13:00:00+01:00", (string?)persons[0]!["kontaktinformasjon"]!["epostadresse_oppdatert"]);
        Assert.Equal("2026-07-15T14:00:00+02:00", (string?)persons[1]!["kontaktinformasjon"]!["epostadresse_oppdatert"]);
    }

    [Fact]
    public async Task Plus_signs_are_written_as_the_register_writes_them()
    {
        var identifier = TestIdentities.Next();
        await SetMobileAsync(identifier, "+4791112233");

        using var response = await deployment.LookupAsync("v2", deployment.Tokens.Agency(Agency, Contact), new { personidentifikatorer = new[] { identifier } });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Contains("\"mobiltelefonnummer\":\"+4791112233\"", text);
        Assert.DoesNotContain("\\u002B", text);
    }

    [Fact]
    public async Task A_thousand_persons_are_answered_in_one_call()
    {
        var identifiers = Enumerable.Range(0, 1000).Select(_ => TestIdentities.Next()).ToArray();
        await SetEmailAsync(identifiers[500], TestIdentities.Email());

        var persons = await deployment.PersonsAsync("v2", identifiers, Contact);

        Assert.Equal(identifiers, persons.Select(p => (string)p!["personidentifikator"]!));
        Assert.Equal("AKTIV", (string?)persons[500]!["status"]);
        Assert.Equal(999, persons.Count(p => (string?)p!["status"] == "IKKE_REGISTRERT"));
    }

    [Theory]
    [InlineData("{\"personidentifikatorer\": [", "Malformed JSON")]
    [InlineData("[1,2,3]", "Malformed JSON")]
    [InlineData("{\"personidentifikatorer\": []}", "No identifiers")]
    [InlineData("{}", "No identifiers")]
    public async Task Malformed_or_empty_requests_get_a_problem_answer(string body, string title)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rest/v2/personer")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new("Bearer", deployment.Tokens.Agency(Agency, Contact));
        using var response = await deployment.Http.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(title, (string?)problem["title"]);
    }

    [Fact]
    public async Task More_than_1000_identifiers_are_refused()
    {
        var identifiers = Enumerable.Range(0, 1001).Select(_ => TestIdentities.Next()).ToArray();
        using var response = await deployment.LookupAsync("v2", deployment.Tokens.Agency(Agency, Contact), new { personidentifikatorer = identifiers });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("1001", (string?)problem["detail"]);
    }

    [Fact]
    public async Task Every_invalid_identifier_is_listed_with_its_reason()
    {
        var valid = TestIdentities.Next();
        var badCheckDigit = valid[..10] + (char)('0' + (valid[10] - '0' + 1) % 10);
        string[] identifiers = [valid, "123", "1234567890a", badCheckDigit, "32139912345"];
        using var response = await deployment.LookupAsync("v2", deployment.Tokens.Agency(Agency, Contact), new { personidentifikatorer = identifiers });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        var errors = problem["errors"]!.AsArray();
        Assert.Equal(identifiers[1..], errors.Select(e => (string)e!["personidentifikator"]!));
        Assert.Equal(
            ["personidentifikator.length", "personidentifikator.nondigit", "personidentifikator.checkdigit", "personidentifikator.date"],
            errors.Select(e => (string)e!["code"]!));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace((string?)e!["message"])));
    }

    [Fact]
    public async Task Requests_without_a_valid_token_are_unauthorized()
    {
        using var none = await deployment.Http.PostAsync("/rest/v2/personer", new StringContent("{}"));
        await ProblemAsync(none, HttpStatusCode.Unauthorized);

        using var expired = await deployment.LookupAsync("v2", deployment.Tokens.ExpiredAgency(Agency, Contact), new { personidentifikatorer = new[] { TestIdentities.Next() } });
        await ProblemAsync(expired, HttpStatusCode.Unauthorized);

        var stranger = new TestTokens();
        using var unknownIssuerKey = await deployment.LookupAsync("v2", stranger.Agency(Agency, Contact), new { personidentifikatorer = new[] { TestIdentities.Next() } });
        await ProblemAsync(unknownIssuerKey, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Tokens_without_a_lookup_right_are_forbidden()
    {
        var body = new { personidentifikatorer = new[] { TestIdentities.Next() } };
        using var noKrrScope = await deployment.LookupAsync("v2", deployment.Tokens.Agency(Agency, "openid"), body);
        await ProblemAsync(noKrrScope, HttpStatusCode.Forbidden);

        using var citizen = await deployment.LookupAsync("v2", deployment.Tokens.Citizen(TestIdentities.Next(), "krr:user/kontaktinformasjon.read"), body);
        await ProblemAsync(citizen, HttpStatusCode.Forbidden);

        using var supplier = await deployment.LookupAsync("v2", deployment.Tokens.Supplier(Agency, "984661185", "krr:global/kontaktinfo.read"), body);
        await ProblemAsync(supplier, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Accept_application_jose_returns_the_same_json_as_a_jws_verifiable_with_the_published_key()
    {
        var identifier = TestIdentities.Next();
        await SetEmailAsync(identifier, TestIdentities.Email());
        var token = deployment.Tokens.Agency(Agency, Contact);
        var body = new { personidentifikatorer = new[] { identifier } };

        using var plain = await deployment.LookupAsync("v2", token, body);
        using var signed = await deployment.LookupAsync("v2", token, body, accept: "application/jose");
        Assert.Equal("application/jose", signed.Content.Headers.ContentType?.MediaType);
        var jws = await signed.Content.ReadAsStringAsync();

        var jwks = new JsonWebKeySet(await deployment.Http.GetStringAsync("/.well-known/jwks.json"));
        var handler = new JsonWebTokenHandler();
        var result = await handler.ValidateTokenAsync(jws, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });
        Assert.True(result.IsValid, result.Exception?.ToString());
        var payload = System.Text.Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(jws.Split('.')[1]));
        Assert.Equal(await plain.Content.ReadAsStringAsync(), payload);
    }

    [Fact]
    public async Task Every_lookup_is_written_to_the_access_log()
    {
        var identifier = TestIdentities.Next();
        await deployment.PersonsAsync("v1", [identifier], Contact);

        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var command = deployment.Database.CreateCommand(
                "SELECT consumer_org, supplier_org, endpoint, scopes FROM krr_access_log WHERE identifier_numbers @> ARRAY[$1]");
            command.Parameters.AddWithValue(AccessLogIdentifiers.ToNumber(identifier));
            await using var reader = await command.ExecuteReaderAsync();
            if (await reader.ReadAsync())
            {
                Assert.Equal(Agency, reader.GetString(0));
                Assert.True(reader.IsDBNull(1));
                Assert.Equal("/rest/v1/personer", reader.GetString(2));
                Assert.Equal([Contact], reader.GetFieldValue<string[]>(3));
                return;
            }
            Assert.True(DateTime.UtcNow < deadline, "The lookup did not reach the access log in 20 s.");
            await Task.Delay(100);
        }
    }

    private async Task<JsonObject> ContactOf(string identifier) =>
        Assert.Single(await deployment.PersonsAsync("v2", [identifier], Contact))!["kontaktinformasjon"]!.AsObject();

    private static async Task<JsonObject> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {status}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["title"]));
        return problem;
    }

    private Task SetEmailAsync(string identifier, string email) =>
        deployment.Grains.GetPerson(identifier).SetContactAsync(ContactChannel.Email, new ContactValue(email, EmailAddress.Parse(email).Normalized));

    private Task SetMobileAsync(string identifier, string mobile) =>
        deployment.Grains.GetPerson(identifier).SetContactAsync(ContactChannel.Mobile, Mobile(mobile));

    private static ContactValue Mobile(string mobile) => new(MobileNumber.Parse(mobile).E164, MobileNumber.Parse(mobile).E164);

    private Task SeedAsync(string identifier, DateTimeOffset at, string? email, string? mobile) =>
        deployment.Grains.GetPerson(identifier).SeedAsync(new PersonRecord
        {
            Identifier = identifier,
            Email = email is null ? null : new ContactChannelRecord { Value = email, Normalized = EmailAddress.Parse(email).Normalized, Updated = at },
            Mobile = mobile is null ? null : new ContactChannelRecord { Value = mobile, Normalized = mobile, Updated = at },
            Updated = at,
        });
}

public sealed class EmbeddedLookupTests(EmbeddedDeployment deployment) : LookupTests(deployment), IClassFixture<EmbeddedDeployment>;

public sealed class ClusterLookupTests(ClusterDeployment deployment) : LookupTests(deployment), IClassFixture<ClusterDeployment>;
