using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Krr.Grains.Persons;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.SelfService;

/// <summary>
/// The seed's citizen flows end to end over real HTTP against a running register on PostgreSQL: registering
/// values, one-time codes read from the outbox, confirming, rejected input, duplicates, and the mailbox opt-in
/// that a provider fulfils and an agency then sees.
/// </summary>
public abstract partial class SelfServiceFlowTests(KrrDeployment deployment)
{
    private const string Digipost = "984661185";
    private const string EBoks = "922020175";
    private const string Agency = "991825827";

    [Fact]
    public async Task Register_mobile_and_email_prove_them_with_codes_and_confirm()
    {
        var pid = TestIdentities.Next();
        var citizen = Citizen(pid);

        var mobile = await SendAsync(HttpMethod.Put, "/api/minprofil/mobil", citizen, new { mobiltelefonnummer = "+47 98 76 54 32" });
        Assert.Equal("+4798765432", (string?)mobile["person"]!["kontaktinformasjon"]!["mobiltelefonnummer"]);
        Assert.True((bool)mobile["kode_sendt"]!);
        var firstCode = await CodeFromOutboxAsync(pid, "mobil");
        // The shape's own dispatcher (beside each silo) sends it: the console sender, as nothing else is configured.
        Assert.True(await EventuallyAsync(() => SentAsync(pid, "mobil"), sent => sent), "the code was not dispatched");

        // Five wrong codes lock the code: even the right one no longer works.
        var wrong = firstCode == "000000" ? "111111" : "000000";
        for (var left = 4; left >= 1; left--)
        {
            var problem = await ProblemAsync(HttpMethod.Post, "/api/minprofil/verifisering/mobil", citizen, new { kode = wrong });
            Assert.Equal(("kode.wrong", left), ((string?)problem["kode"], (int)problem["forsoek_igjen"]!));
        }
        Assert.Equal("kode.locked", (string?)(await ProblemAsync(HttpMethod.Post, "/api/minprofil/verifisering/mobil", citizen, new { kode = wrong }))["kode"]);
        Assert.Equal("kode.locked", (string?)(await ProblemAsync(HttpMethod.Post, "/api/minprofil/verifisering/mobil", citizen, new { kode = firstCode }))["kode"]);
        Assert.Null((await ProfileAsync(citizen))["person"]!["kontaktinformasjon"]!["mobiltelefonnummer_sist_validert"]);

        // A new code proves the number.
        await SendAsync(HttpMethod.Post, "/api/minprofil/verifisering/mobil/send", citizen, new { }, HttpStatusCode.Accepted);
        var validated = await SendAsync(HttpMethod.Post, "/api/minprofil/verifisering/mobil", citizen, new { kode = await CodeFromOutboxAsync(pid, "mobil") });
        Assert.NotNull((string?)validated["kontaktinformasjon"]!["mobiltelefonnummer_sist_validert"]);

        var email = await SendAsync(HttpMethod.Put, "/api/minprofil/epost", citizen, new { epostadresse = "spetthoy@test.no" });
        Assert.True((bool)email["kode_sendt"]!);
        var emailValidated = await SendAsync(HttpMethod.Post, "/api/minprofil/verifisering/epost", citizen, new { kode = await CodeFromOutboxAsync(pid, "epost") });
        Assert.NotNull((string?)emailValidated["kontaktinformasjon"]!["epostadresse_sist_validert"]);

        // "Bekreft og gå videre".
        var confirmed = await SendAsync(HttpMethod.Post, "/api/minprofil/bekreft", citizen, new { });
        var contact = confirmed["person"]!["kontaktinformasjon"]!;
        Assert.NotNull((string?)contact["mobiltelefonnummer_sist_verifisert"]);
        Assert.NotNull((string?)contact["epostadresse_sist_verifisert"]);
        Assert.False((bool)confirmed["bekreftelse_forfaller"]!);
        Assert.All(confirmed["kanaler"]!.AsArray(), c => Assert.Equal(("GYLDIG", true), ((string?)c!["status"], (bool)c["validert"]!)));

        // Three sends per channel in 15 minutes: the set and the resend were two.
        await SendAsync(HttpMethod.Post, "/api/minprofil/verifisering/mobil/send", citizen, new { }, HttpStatusCode.Accepted);
        var tooMany = await ProblemAsync(HttpMethod.Post, "/api/minprofil/verifisering/mobil/send", citizen, new { }, HttpStatusCode.TooManyRequests);
        Assert.Equal("kode.too-many-sends", (string?)tooMany["kode"]);

        // Only hashes are stored: the code is in the message, nowhere in the grain state.
        await using var state = deployment.Database.CreateCommand(
            "SELECT count(*) FROM krr_grain_state WHERE state_name = 'oneTimeCode' AND payload::text LIKE '%\"' || $1 || '\"%'");
        state.Parameters.Add(new Npgsql.NpgsqlParameter { Value = firstCode });
        Assert.Equal(0L, (long)(await state.ExecuteScalarAsync())!);
    }

    [Theory]
    [InlineData("nb", "Mobilnummeret er ugyldig")]
    [InlineData("nn", "Mobilnummeret er ugyldig")]
    [InlineData("en", "The mobile number is invalid")]
    public async Task An_invalid_mobile_is_refused_in_the_callers_language_and_changes_nothing(string language, string title)
    {
        var pid = TestIdentities.Next();
        var citizen = Citizen(pid);
        await SendAsync(HttpMethod.Put, "/api/minprofil/mobil", citizen, new { mobiltelefonnummer = TestIdentities.Mobile() });
        var before = (await ProfileAsync(citizen)).ToJsonString();

        var problem = await ProblemAsync(HttpMethod.Put, "/api/minprofil/mobil", citizen, new { mobiltelefonnummer = "+4700000000" }, language: language);

        Assert.Equal(title, (string?)problem["title"]);
        Assert.Equal("mobil.invalid", (string?)problem["kode"]);
        Assert.Contains("+4700000000", (string?)problem["detail"]);
        Assert.Equal(before, (await ProfileAsync(citizen)).ToJsonString());
    }

    [Fact]
    public async Task Other_rejected_inputs_say_what_is_wrong_and_change_nothing()
    {
        var citizen = Citizen(TestIdentities.Next());
        Assert.Equal("epost.invalid", (string?)(await ProblemAsync(HttpMethod.Put, "/api/minprofil/epost", citizen, new { epostadresse = "kjell@test" }))["kode"]);
        Assert.Equal("Språket er ikkje støtta; vel nb, nn, en eller se",
            (string?)(await ProblemAsync(HttpMethod.Patch, "/rest/v1/person", citizen, new { spraak = "de" }, language: "nn"))["title"]);
        Assert.Equal("reservasjon.invalid", (string?)(await ProblemAsync(HttpMethod.Put, "/api/minprofil/reservasjon", citizen, new { reservasjon = "KANSKJE" }))["kode"]);
        Assert.Equal("digitalpost.leverandoer", (string?)(await ProblemAsync(HttpMethod.Put, "/api/minprofil/digitalpost", citizen, new { digital_postkasse = "JA" }))["kode"]);
        Assert.Equal("kanal.invalid", (string?)(await ProblemAsync(HttpMethod.Post, "/api/minprofil/verifisering/fax/send", citizen, new { }))["kode"]);
        Assert.Equal("kode.no-value", (string?)(await ProblemAsync(HttpMethod.Post, "/api/minprofil/verifisering/mobil/send", citizen, new { }, HttpStatusCode.Conflict))["kode"]);
        Assert.Equal("IKKE_REGISTRERT", (string?)(await SendAsync(HttpMethod.Get, "/rest/v1/person", citizen, null))["status"]);
    }

    [Fact]
    public async Task A_shared_value_is_answered_with_the_duplicate_warning_in_three_languages_and_no_count()
    {
        var mobile = TestIdentities.Mobile();
        var email = TestIdentities.Email();
        var first = Citizen(TestIdentities.Next());
        var second = Citizen(TestIdentities.Next());

        var alone = await SendAsync(HttpMethod.Put, "/api/minprofil/mobil", first, new { mobiltelefonnummer = mobile });
        Assert.Null(alone["advarsel"]);
        await SendAsync(HttpMethod.Put, "/api/minprofil/epost", first, new { epostadresse = email });

        var shared = await SendAsync(HttpMethod.Put, "/api/minprofil/mobil", second, new { mobiltelefonnummer = mobile });
        Assert.Equal("Dette mobilnummeret er registrert på andre", (string?)shared["advarsel"]!["nb"]);
        Assert.Equal("Dette mobilnummeret er registrert på andre", (string?)shared["advarsel"]!["nn"]);
        Assert.Equal("This mobile number is registered to others", (string?)shared["advarsel"]!["en"]);
        var sharedEmail = await SendAsync(HttpMethod.Put, "/api/minprofil/epost", second, new { epostadresse = email.ToUpperInvariant() });
        Assert.Equal("Denne e-postadressen er registrert på andre", (string?)sharedEmail["advarsel"]!["nb"]);
        Assert.Equal("Denne e-postadressa er registrert på andre", (string?)sharedEmail["advarsel"]!["nn"]);

        // The first holder sees it too, on the profile; nowhere is the number of holders told.
        var profile = await ProfileAsync(first);
        Assert.Equal(2, profile["advarsler"]!.AsArray().Count);
        Assert.All(profile["advarsler"]!.AsArray().SelectMany(w => w!.AsObject().Select(text => (string?)text.Value)), text => Assert.DoesNotMatch("[0-9]", text!));
    }

    [Fact]
    public async Task The_mailbox_opt_in_becomes_a_Digipost_mailbox_that_the_next_agency_lookup_returns()
    {
        var pid = TestIdentities.Next();
        var citizen = Citizen(pid);
        var provider = deployment.Tokens.Agency(Digipost, "krr:global/postkasse.write");
        await SendAsync(HttpMethod.Put, "/api/minprofil/epost", citizen, new { epostadresse = TestIdentities.Email() });

        var answered = await SendAsync(HttpMethod.Put, "/api/minprofil/digitalpost", citizen, new { digital_postkasse = "JA", postkasseleverandoeradresse = Digipost });
        Assert.Equal(("JA", Digipost, null), ((string?)answered["digital_postkasse_valg"]!["svar"], (string?)answered["digital_postkasse_valg"]!["postkasseleverandoeradresse"], (string?)answered["digital_postkasse_valg"]!["opprettet"]));
        Assert.Contains(pid, (await SendAsync(HttpMethod.Get, "/rest/v1/postkasse/bestillinger", provider, null)).AsArray().Select(o => (string?)o!["personidentifikator"]));
        Assert.DoesNotContain(pid, (await SendAsync(HttpMethod.Get, "/rest/v1/postkasse/bestillinger", deployment.Tokens.Agency(EBoks, "krr:global/postkasse.write"), null))
            .AsArray().Select(o => (string?)o!["personidentifikator"]));

        Assert.Equal("OK", (string?)(await SendAsync(HttpMethod.Post, "/rest/v1/postkasse/kan-velge", provider, new { personidentifikator = pid }))["status"]);
        var certificate = SelfSignedCertificate();
        await SendAsync(HttpMethod.Post, "/rest/v1/postkasse/opprett", provider,
            new { personidentifikator = pid, virksomhetsidentifikator = Digipost, postkasseadresse = "kjell#digipost", sertifikat = certificate });
        Assert.DoesNotContain(pid, (await SendAsync(HttpMethod.Get, "/rest/v1/postkasse/bestillinger", provider, null)).AsArray().Select(o => (string?)o!["personidentifikator"]));
        Assert.NotNull((string?)(await ProfileAsync(citizen))["digital_postkasse_valg"]!["opprettet"]);

        var person = Assert.Single(await deployment.PersonsAsync("v2", [pid], "krr:global/digitalpost.read"))!;
        Assert.Equal("kjell#digipost", (string?)person["digital_post"]!["postkasseadresse"]);
        Assert.Equal(Digipost, (string?)person["digital_post"]!["postkasseleverandoeradresse"]);
        Assert.Equal(certificate, (string?)person["sertifikat"]);

        // The lookup is in the citizen's "who looked me up".
        var seen = await EventuallyAsync(async () => (await SendAsync(HttpMethod.Get, "/api/minprofil/oppslag", citizen, null)).AsArray(), a => a.Count > 0);
        Assert.Equal(Agency, (string?)seen[0]!["virksomhet"]);
        Assert.Equal(["digital_post"], seen[0]!["datablokker"]!.AsArray().Select(b => (string?)b));
    }

    [Fact]
    public async Task The_provider_interface_answers_with_the_registers_error_codes_and_changes_nothing()
    {
        var pid = TestIdentities.Next();
        var digipost = deployment.Tokens.Agency(Digipost, "krr:global/postkasse.write");
        var eboks = deployment.Tokens.Agency(EBoks, "krr:global/postkasse.write");
        object Create(string who, string org) => new { personidentifikator = who, virksomhetsidentifikator = org, postkasseadresse = "kjell#digipost" };

        async Task<string?> CodeAsync(string path, string token, object body, HttpStatusCode status) =>
            (string?)(await ProblemAsync(HttpMethod.Post, path, token, body, status))["feilkode"];

        Assert.Equal("BRUKER_IKKE_FUNNET", await CodeAsync("/rest/v1/postkasse/opprett", digipost, Create(pid, Digipost), HttpStatusCode.NotFound));
        Assert.Equal("UGYLDIG_PERSONNUMMER", await CodeAsync("/rest/v1/postkasse/opprett", digipost, Create("12345678901", Digipost), HttpStatusCode.BadRequest));
        Assert.Equal("UGYLDIG_ORGNR", await CodeAsync("/rest/v1/postkasse/opprett", digipost, Create(pid, "123456789"), HttpStatusCode.BadRequest));
        Assert.Equal("UGYLDIG_ORGNR", await CodeAsync("/rest/v1/postkasse/opprett", digipost, Create(pid, EBoks), HttpStatusCode.BadRequest));

        var citizen = Citizen(pid);
        await SendAsync(HttpMethod.Put, "/api/minprofil/reservasjon", citizen, new { reservasjon = "JA" });
        Assert.Equal("RESERVERT", await CodeAsync("/rest/v1/postkasse/kan-velge", digipost, new { personidentifikator = pid }, HttpStatusCode.Conflict));
        Assert.Equal("RESERVERT", await CodeAsync("/rest/v1/postkasse/opprett", digipost, Create(pid, Digipost), HttpStatusCode.Conflict));
        await SendAsync(HttpMethod.Put, "/api/minprofil/reservasjon", citizen, new { reservasjon = "NEI" });

        await SendAsync(HttpMethod.Post, "/rest/v1/postkasse/opprett", digipost, Create(pid, Digipost));
        Assert.Equal("ALLEREDE_AKTIV", await CodeAsync("/rest/v1/postkasse/opprett", eboks, Create(pid, EBoks), HttpStatusCode.Conflict));
        Assert.Equal("INGEN_POSTBOKS_FUNNET", await CodeAsync("/rest/v1/postkasse/slett", eboks, new { personidentifikator = pid, virksomhetsidentifikator = EBoks }, HttpStatusCode.NotFound));
        await SendAsync(HttpMethod.Post, "/rest/v1/postkasse/oppdater", digipost,
            new { personidentifikator = pid, virksomhetsidentifikator = Digipost, postkasseadresse = "kjell.nordmann#digipost" });
        Assert.Equal("kjell.nordmann#digipost", (string?)(await ProfileAsync(citizen))["person"]!["digital_post"]!["postkasseadresse"]);
        await SendAsync(HttpMethod.Post, "/rest/v1/postkasse/slett", digipost, new { personidentifikator = pid, virksomhetsidentifikator = Digipost });
        Assert.Null((await ProfileAsync(citizen))["person"]!["digital_post"]);
        Assert.Equal("INGEN_POSTBOKS_FUNNET", await CodeAsync("/rest/v1/postkasse/oppdater", digipost, Create(pid, Digipost), HttpStatusCode.NotFound));

        // Only providers: an ordinary agency with the scope is refused.
        using var request = Request(HttpMethod.Post, "/rest/v1/postkasse/kan-velge", deployment.Tokens.Agency(Agency, "krr:global/postkasse.write"), new { personidentifikator = pid });
        using var refused = await deployment.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task The_citizen_reads_and_changes_language_reserves_and_deletes_the_own_registration()
    {
        var pid = TestIdentities.Next();
        var citizen = Citizen(pid);
        var mobile = TestIdentities.Mobile();
        await SendAsync(HttpMethod.Put, "/api/minprofil/mobil", citizen, new { mobiltelefonnummer = mobile });

        var patched = await SendAsync(HttpMethod.Patch, "/rest/v1/person", citizen, new { spraak = "en" });
        Assert.Equal("en", (string?)patched["spraak"]);
        var own = await SendAsync(HttpMethod.Get, "/rest/v1/person", citizen, null);
        Assert.Equal((pid, "AKTIV", mobile), ((string?)own["personidentifikator"], (string?)own["status"], (string?)own["kontaktinformasjon"]!["mobiltelefonnummer"]));

        using (var jose = Request(HttpMethod.Get, "/rest/v1/person", citizen, null))
        {
            jose.Headers.Accept.ParseAdd("application/jose");
            using var signed = await deployment.Http.SendAsync(jose);
            Assert.Equal("application/jose", signed.Content.Headers.ContentType?.MediaType);
            var parts = (await signed.Content.ReadAsStringAsync()).Split('.');
            Assert.Equal(3, parts.Length);
            Assert.Equal(pid, (string?)JsonNode.Parse(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]))!["personidentifikator"]);
        }

        var reserved = await SendAsync(HttpMethod.Put, "/api/minprofil/reservasjon", citizen, new { reservasjon = "JA" });
        Assert.Equal("JA", (string?)reserved["person"]!["reservasjon"]);
        Assert.NotNull((string?)reserved["person"]!["reservasjonstidspunkt"]);
        var withdrawn = await SendAsync(HttpMethod.Put, "/api/minprofil/reservasjon", citizen, new { reservasjon = "NEI" });
        Assert.Equal("NEI", (string?)withdrawn["person"]!["reservasjon"]);

        var deleted = await SendAsync(HttpMethod.Delete, "/api/minprofil", citizen, null);
        Assert.Equal("SLETTET", (string?)deleted["person"]!["status"]);
        Assert.Null(deleted["person"]!["kontaktinformasjon"]);
    }

    public static TheoryData<string, string, bool> Endpoints => new()
    {
        { "GET", "/rest/v1/person", true },
        { "PATCH", "/rest/v1/person", true },
        { "GET", "/api/minprofil", true },
        { "PUT", "/api/minprofil/mobil", true },
        { "PUT", "/api/minprofil/epost", true },
        { "DELETE", "/api/minprofil/mobil", true },
        { "DELETE", "/api/minprofil/epost", true },
        { "POST", "/api/minprofil/bekreft", true },
        { "PUT", "/api/minprofil/reservasjon", true },
        { "PUT", "/api/minprofil/digitalpost", true },
        { "PUT", "/api/minprofil/spraak", true },
        { "DELETE", "/api/minprofil", true },
        { "GET", "/api/minprofil/oppslag", true },
        { "POST", "/api/minprofil/verifisering/mobil/send", true },
        { "POST", "/api/minprofil/verifisering/mobil", true },
        { "POST", "/rest/v1/postkasse/kan-velge", false },
        { "POST", "/rest/v1/postkasse/opprett", false },
        { "POST", "/rest/v1/postkasse/oppdater", false },
        { "POST", "/rest/v1/postkasse/slett", false },
        { "GET", "/rest/v1/postkasse/bestillinger", false },
        { "PUT", "/rest/v1/postkasse/sertifikat", false },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_refuses_every_wrong_token_and_changes_nothing(string method, string path, bool forCitizens)
    {
        var pid = TestIdentities.Next();
        string[] wrong = forCitizens
            ? [deployment.Tokens.Agency(Digipost, "krr:global/postkasse.write", "krr:global/kontaktinformasjon.read"), deployment.Tokens.Citizen(pid, "krr:global/kontaktinformasjon.read")]
            : [Citizen(pid), deployment.Tokens.Agency(Agency, "krr:global/postkasse.write"), deployment.Tokens.Agency(Digipost, "krr:global/digitalpost.read")];
        var body = new { personidentifikator = pid, virksomhetsidentifikator = Digipost, postkasseadresse = "x#digipost", mobiltelefonnummer = "+4798765432", spraak = "en", reservasjon = "JA" };

        foreach (var token in wrong)
        {
            using var request = Request(new HttpMethod(method), path, token, body);
            using var response = await deployment.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        using var anonymous = new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(body) };
        using var unauthorized = await deployment.Http.SendAsync(anonymous);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Null(await deployment.Grains.GetPerson(pid).GetAsync());
    }

    protected string Citizen(string pid) => deployment.Tokens.Citizen(pid, "krr:user/kontaktinformasjon.read");

    protected Task<JsonNode> ProfileAsync(string token) => SendAsync(HttpMethod.Get, "/api/minprofil", token, null);

    protected HttpRequestMessage Request(HttpMethod method, string path, string token, object? body, string? language = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }
        return request;
    }

    protected async Task<JsonNode> SendAsync(HttpMethod method, string path, string token, object? body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = Request(method, path, token, body);
        using var response = await deployment.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        return JsonNode.Parse(text)!;
    }

    protected async Task<JsonNode> ProblemAsync(HttpMethod method, string path, string token, object? body, HttpStatusCode expected = HttpStatusCode.BadRequest, string? language = null)
    {
        using var request = Request(method, path, token, body, language);
        using var response = await deployment.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    /// <summary>The code of the newest message for the channel, read from the outbox as a capturing sender would get it.</summary>
    protected Task<string> CodeFromOutboxAsync(string pid, string channel) => OutboxCodes.LatestAsync(deployment.Database, pid, channel);

    private async Task<bool> SentAsync(string pid, string channel)
    {
        await using var command = deployment.Database.CreateCommand("SELECT bool_and(sent_at IS NOT NULL) FROM krr_outbox WHERE dedupe_key LIKE $1");
        command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = $"otp:{pid}:{channel}:%" });
        return await command.ExecuteScalarAsync() is true;
    }

    protected static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(100);
        }
    }

    internal static string SelfSignedCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=Digipost test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Cert));
    }
}

public sealed class ClusterSelfServiceFlowTests(ClusterDeployment deployment) : SelfServiceFlowTests(deployment), IClassFixture<ClusterDeployment>;

public sealed class EmbeddedSelfServiceFlowTests(EmbeddedDeployment deployment) : SelfServiceFlowTests(deployment), IClassFixture<EmbeddedDeployment>
{
    /// <summary>Only the embedded shape lets the test move the register's clock.</summary>
    [Fact]
    public async Task A_code_expires_after_ten_minutes()
    {
        var pid = TestIdentities.Next();
        var citizen = Citizen(pid);
        await SendAsync(HttpMethod.Put, "/api/minprofil/mobil", citizen, new { mobiltelefonnummer = TestIdentities.Mobile() });
        var code = await CodeFromOutboxAsync(pid, "mobil");

        deployment.Clock.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal("kode.expired", (string?)(await ProblemAsync(HttpMethod.Post, "/api/minprofil/verifisering/mobil", citizen, new { kode = code }))["kode"]);
        Assert.Null((await ProfileAsync(citizen))["person"]!["kontaktinformasjon"]!["mobiltelefonnummer_sist_validert"]);
    }

    [Fact]
    public async Task A_code_proves_only_the_value_it_was_sent_to()
    {
        var pid = TestIdentities.Next();
        var citizen = Citizen(pid);
        await SendAsync(HttpMethod.Put, "/api/minprofil/epost", citizen, new { epostadresse = TestIdentities.Email() });
        var code = await CodeFromOutboxAsync(pid, "epost");
        await deployment.Grains.GetPerson(pid).SetContactAsync(ContactChannel.Email, new ContactValue("annen@test.no", "annen@test.no"));

        Assert.Equal("kode.none", (string?)(await ProblemAsync(HttpMethod.Post, "/api/minprofil/verifisering/epost", citizen, new { kode = code }))["kode"]);
        Assert.Null((await ProfileAsync(citizen))["person"]!["kontaktinformasjon"]!["epostadresse_sist_validert"]);
    }
}
