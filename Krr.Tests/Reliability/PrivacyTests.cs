using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Krr.Api.Auth;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;
using Krr.Tests.SelfService;

namespace Krr.Tests.Reliability;

/// <summary>
/// A realistic run of every feature, happy and error paths, on the cluster shape as operators run it (two
/// <c>Krr.Silo</c> processes and a <c>Krr.Api</c> process, logging at Information and the register's own categories
/// at Trace), with everything the processes write captured. No personidentifikator, phone number or e-mail address
/// of the run may appear unmasked in it, and no problem answer may carry a person's data the request did not send.
/// The console message sender is the one exception: in a local run it is the delivery channel (a citizen must read
/// the code), it writes to stdout directly rather than through logging, and its lines start with <c>[KRR </c>.
/// </summary>
public sealed partial class PrivacyTests(PrivacyTests.Deployment deployment) : IClassFixture<PrivacyTests.Deployment>
{
    public sealed class Deployment : ClusterDeployment
    {
        protected override IReadOnlyDictionary<string, string> ExtraEnvironment => new Dictionary<string, string>
        {
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Krr"] = "Trace",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Information",
            ["Logging__LogLevel__Orleans"] = "Information",
        };
    }

    private const string Digipost = "984661185";
    private const string Agency = "991825827";
    private const string Supplier = "889640782";

    private readonly List<(string Request, int Status, string Body)> _answers = [];

    [Fact]
    public async Task No_personal_data_leaves_the_processes_unmasked_and_problems_echo_nobody_else()
    {
        var (a, b, dead, renamed, renamedTo, stranger) = (TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Next());
        var (sharedMobile, mobileB, emailA, emailB) = (TestIdentities.Mobile(), TestIdentities.Mobile(), TestIdentities.Email(), TestIdentities.Email());
        var citizenA = deployment.Tokens.Citizen(a, KrrScopes.UserContactRead, KrrScopes.UserMailboxRead, KrrScopes.UserLanguageWrite);
        var citizenB = deployment.Tokens.Citizen(b, KrrScopes.UserContactRead, KrrScopes.UserMailboxRead, KrrScopes.UserLanguageWrite);
        var agency = deployment.Tokens.Agency(Agency, KrrScopes.ContactRead, KrrScopes.MailboxRead, KrrScopes.ChangesRead, KrrScopes.LanguageWrite);
        var provider = deployment.Tokens.Agency(Digipost, KrrScopes.MailboxWrite);
        var @operator = deployment.Tokens.Agency(Agency, KrrScopes.OperatorAdmin);

        // Self-service: values set, a wrong code, the right code, a shared value, every setting, error paths.
        await SendAsync(HttpMethod.Put, "/api/minprofil/mobil", citizenA, new { mobiltelefonnummer = sharedMobile });
        await SendAsync(HttpMethod.Put, "/api/minprofil/epost", citizenA, new { epostadresse = emailA });
        await SendAsync(HttpMethod.Post, "/api/minprofil/verifisering/mobil", citizenA, new { kode = "000000" });
        await SendAsync(HttpMethod.Post, "/api/minprofil/verifisering/mobil", citizenA, new { kode = await CodeSentToAsync(sharedMobile) });
        await SendAsync(HttpMethod.Put, "/api/minprofil/mobil", citizenB, new { mobiltelefonnummer = sharedMobile });
        await SendAsync(HttpMethod.Put, "/api/minprofil/epost", citizenB, new { epostadresse = emailB });
        await SendAsync(HttpMethod.Get, "/api/minprofil", citizenB);
        await SendAsync(HttpMethod.Put, "/api/minprofil/mobil", citizenB, new { mobiltelefonnummer = "+4700000000" });
        await SendAsync(HttpMethod.Put, "/api/minprofil/epost", citizenB, new { epostadresse = "kjell@test" });
        await SendAsync(HttpMethod.Put, "/api/minprofil/reservasjon", citizenB, new { reservasjon = "KANSKJE" });
        await SendAsync(HttpMethod.Put, "/api/minprofil/spraak", citizenB, new { spraak = "en" });
        await SendAsync(HttpMethod.Patch, "/rest/v1/person", citizenB, new { spraak = "de" });
        await SendAsync(HttpMethod.Get, "/rest/v1/person", citizenB);
        await SendAsync(HttpMethod.Post, "/api/minprofil/bekreft", citizenB, new { });
        await SendAsync(HttpMethod.Put, "/api/minprofil/digitalpost", citizenB, new { digital_postkasse = "JA", postkasseleverandoeradresse = Digipost });
        await SendAsync(HttpMethod.Post, "/api/minprofil/verifisering/epost/send", citizenB, new { });
        await SendAsync(HttpMethod.Post, "/api/minprofil/verifisering/fax/send", citizenB, new { });

        // Mailbox provider: orders, a mailbox created and updated, errors.
        await SendAsync(HttpMethod.Get, "/rest/v1/postkasse/bestillinger", provider);
        await SendAsync(HttpMethod.Post, "/rest/v1/postkasse/kan-velge", provider, new { personidentifikator = b });
        await SendAsync(HttpMethod.Post, "/rest/v1/postkasse/opprett", provider,
            new { personidentifikator = b, virksomhetsidentifikator = Digipost, postkasseadresse = "b#digipost", sertifikat = SelfServiceFlowTests.SelfSignedCertificate() });
        await SendAsync(HttpMethod.Post, "/rest/v1/postkasse/oppdater", provider, new { personidentifikator = stranger, virksomhetsidentifikator = Digipost, postkasseadresse = "x#digipost" });
        await SendAsync(HttpMethod.Post, "/rest/v1/postkasse/opprett", provider, new { personidentifikator = "12345678901" });

        // Agencies: lookups (JSON and signed), language, delegation and a supplier's lookup, the changes feed.
        var lookup = new { personidentifikatorer = new[] { a, b, stranger, "12345678901" } };
        await SendAsync(HttpMethod.Post, "/rest/v1/personer", agency, lookup);
        await SendAsync(HttpMethod.Post, "/rest/v2/personer", agency, new { personidentifikatorer = new[] { a, b, stranger } });
        await SendAsync(HttpMethod.Post, "/rest/v2/personer", agency, new { personidentifikatorer = new[] { a, b } }, accept: "application/jose");
        await SendAsync(HttpMethod.Post, "/rest/v2/personer", agency, new { personidentifikatorer = new[] { a, a } });
        await SendAsync(HttpMethod.Post, "/rest/v2/krr/spraak", agency, new { personer = new[] { new { personidentifikator = a, spraak = "nn" }, new { personidentifikator = stranger, spraak = "xx" } } });
        await SendAsync(HttpMethod.Post, "/rest/v2/krr/spraak", agency, new { personer = new[] { new { personidentifikator = a, spraak = "nn" } } });
        await SendAsync(HttpMethod.Post, "/rest/v2/krr/delegeringer", agency, new { leverandoer = Supplier, scopes = new[] { KrrScopes.DelegatedContactRead } });
        await SendAsync(HttpMethod.Post, "/rest/v2/personer", deployment.Tokens.Supplier(Agency, Supplier, KrrScopes.DelegatedContactRead), new { personidentifikatorer = new[] { a } });
        await SendAsync(HttpMethod.Delete, $"/rest/v2/krr/delegeringer/{Supplier}", agency);
        await SendAsync(HttpMethod.Post, "/rest/v2/personer", deployment.Tokens.Supplier(Agency, Supplier, KrrScopes.DelegatedContactRead), new { personidentifikatorer = new[] { a } });
        await SendAsync(HttpMethod.Post, "/rest/v2/krr/hentEndringer", agency, new { fraEndringsId = 0 });
        await SendAsync(HttpMethod.Get, "/api/minprofil/oppslag", citizenA);

        // Operator: Folkeregisteret events (death, identifier change, an invalid one), statistics, test data.
        await SendAsync(HttpMethod.Put, "/api/minprofil/mobil", deployment.Tokens.Citizen(dead, KrrScopes.UserContactRead), new { mobiltelefonnummer = mobileB });
        await SendAsync(HttpMethod.Put, "/api/minprofil/epost", deployment.Tokens.Citizen(renamed, KrrScopes.UserContactRead), new { epostadresse = emailB });
        await SendAsync(HttpMethod.Post, "/folkeregister/hendelser", @operator, new
        {
            hendelser = new object[]
            {
                new { sekvensnummer = 1, hendelse = "DOEDSFALL", personidentifikator = dead },
                new { sekvensnummer = 2, hendelse = "IDENTIFIKATORENDRING", personidentifikator = renamed, ny_personidentifikator = renamedTo },
            },
        });
        await SendAsync(HttpMethod.Post, "/folkeregister/hendelser", @operator, new { hendelser = new[] { new { sekvensnummer = 3, hendelse = "DOEDSFALL", personidentifikator = "12345678901" } } });
        await SendAsync(HttpMethod.Get, "/statistikk/nokkeltall", @operator);
        await SendAsync(HttpMethod.Get, $"/testdata/personer?antall=5&etter={a}", @operator); // the request log has the URL
        await SendAsync(HttpMethod.Post, "/testdata/personer", @operator, new { mobiltelefonnummer = "+4741234567", epostadresse = "testperson@test.no" });

        // The citizen leaves.
        await SendAsync(HttpMethod.Delete, "/api/minprofil/mobil", citizenA);
        await SendAsync(HttpMethod.Delete, "/api/minprofil", citizenA);
        await SendAsync(HttpMethod.Get, "/api/minprofil", citizenA);
        await Task.Delay(TimeSpan.FromSeconds(2)); // the outbox and access-log writers run in the background

        string[] identifiers = [a, b, dead, renamed, renamedTo, stranger];
        string[] contacts = [sharedMobile, mobileB, emailA, emailB, "+4741234567", "testperson@test.no", .. new[] { sharedMobile, mobileB }.Select(m => m[3..])];
        var logs = deployment.Outputs.SelectMany(o => o.Split('\n')).Where(line => !line.StartsWith("[KRR ", StringComparison.Ordinal)).ToList();
        Assert.True(logs.Count > 200, $"only {logs.Count} log lines were captured");
        Assert.Contains(deployment.Outputs, o => o.Contains($"[KRR SMS til {sharedMobile}]", StringComparison.Ordinal));
        var leaks = logs.Where(line => identifiers.Concat(contacts).Any(v => line.Contains(v, StringComparison.OrdinalIgnoreCase))
                                       || Identifier().IsMatch(line) || Mobile().IsMatch(line) || Email().IsMatch(line)).ToList();
        Assert.True(leaks.Count == 0, "unmasked personal data in the logs:\n" + string.Join('\n', leaks.Take(20)));
        // The capture works and personal data did reach the logs: masked.
        Assert.Contains(logs, line => line.Contains("*********" + a[^2..], StringComparison.Ordinal));

        Assert.Contains(_answers, x => x.Status >= 400);
        var echoes = _answers.Where(x => x.Status >= 400)
            .Where(x => identifiers.Concat(contacts).Any(v => x.Body.Contains(v, StringComparison.OrdinalIgnoreCase) && !x.Request.Contains(v, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        Assert.True(echoes.Count == 0, "problems carrying data the request did not send:\n" + string.Join('\n', echoes.Select(e => $"{e.Request} -> {e.Status} {e.Body}")));
    }

    private async Task SendAsync(HttpMethod method, string path, string token, object? body = null, string accept = "application/json")
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.ParseAdd(accept);
        using var response = await deployment.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{method} {path}: {(int)response.StatusCode} {text}");
        _answers.Add(($"{method} {path} {(request.Content is null ? "" : await request.Content.ReadAsStringAsync())}", (int)response.StatusCode, text));
    }

    /// <summary>The one-time code the console sender printed (in a silo's output) for <paramref name="recipient"/>.</summary>
    private async Task<string> CodeSentToAsync(string recipient)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var line = deployment.Outputs.SelectMany(o => o.Split('\n')).LastOrDefault(l => l.StartsWith($"[KRR SMS til {recipient}]", StringComparison.Ordinal));
            if (line is not null && SixDigits().Match(line[(line.IndexOf(']') + 1)..]) is { Success: true } code)
            {
                return code.Value;
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"no code was sent to the test mobile");
    }

    // Digits inside a word (a hex client id or GUID such as 'b8d9…47217901…') are no identifier or number.
    [GeneratedRegex(@"(?<![0-9A-Za-z])[0-9]{11}(?![0-9A-Za-z])")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"(?<![0-9A-Za-z*])(\+47)?[49][0-9]{7}(?![0-9A-Za-z])")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+\.[A-Za-z]{2,}")]
    private static partial Regex Email();

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}
