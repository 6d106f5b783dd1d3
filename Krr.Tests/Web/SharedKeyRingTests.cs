using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Krr.Api.Web;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Krr.Tests.Web;

/// <summary>
/// The pages' Data Protection keys live in the database (migration 0070), so the sign-in cookie and the antiforgery
/// tokens one API process issues open on another: over real HTTP against two API processes of one cluster.
/// </summary>
public sealed partial class SharedKeyRingTests(TwoApiClusterDeployment deployment) : IClassFixture<TwoApiClusterDeployment>
{
    [Fact]
    public async Task A_sign_in_and_form_tokens_from_one_API_process_are_accepted_by_the_other()
    {
        var (first, second) = (deployment.Apis[0].BaseAddress!, deployment.Apis[1].BaseAddress!);
        // Cookies are per host, not per port: the one jar carries each process's cookies to the other.
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false });
        var pid = TestIdentities.Next();

        // The first process renders the sign-in form (and its antiforgery token); the second accepts it and signs in.
        var login = await browser.GetStringAsync(new Uri(first, "/logg-inn?ReturnUrl=%2Fminprofil"));
        using var signIn = await browser.PostAsync(new Uri(second, "/logg-inn?handler=Citizen"), new FormUrlEncodedContent(
        [
            new("Personidentifikator", pid),
            new("ReturnUrl", "/minprofil"),
            new("__RequestVerificationToken", Token(login)),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), cookie => cookie.StartsWith("krr-side=", StringComparison.Ordinal));

        // The second process's cookie opens MinProfil on the first, and a form the second rendered posts to the first.
        using var profile = await browser.GetAsync(new Uri(first, "/minprofil"));
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Contains("Dine kontaktopplysninger", await profile.Content.ReadAsStringAsync());
        var form = await browser.GetStringAsync(new Uri(second, "/minprofil"));
        using var save = await browser.PostAsync(new Uri(first, "/minprofil?handler=Mobile"), new FormUrlEncodedContent(
        [
            new("mobiltelefonnummer", "+4747000001"),
            new("__RequestVerificationToken", Token(form)),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        Assert.Equal("+4747000001", (await deployment.Grains.GetPerson(pid).GetAsync())!.Mobile!.Value);

        // One key, made once and read by both; its secret appears in no process's log.
        var keys = await KeysAsync(deployment.Database);
        var key = Assert.Single(keys);
        var secret = key.Descendants("value").Single().Value;
        Assert.All(deployment.Outputs, output => Assert.DoesNotContain(secret, output));
    }

    [Fact]
    public async Task A_value_protected_with_one_services_key_ring_unprotects_with_another_on_the_same_database()
    {
        var (_, database) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = database;
        await using var one = KeyRing(database);
        await using var other = KeyRing(database);

        var token = one.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("krr");

        Assert.Equal("krr", other.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(token));
        Assert.Throws<System.Security.Cryptography.CryptographicException>(
            () => other.GetRequiredService<IDataProtectionProvider>().CreateProtector("another purpose").Unprotect(token));
        Assert.Single(await KeysAsync(database));
    }

    private static ServiceProvider KeyRing(NpgsqlDataSource database) =>
        new ServiceCollection().AddSingleton(database).AddKrrSharedKeyRing().BuildServiceProvider();

    private static async Task<List<XElement>> KeysAsync(NpgsqlDataSource database)
    {
        await using var command = database.CreateCommand("SELECT xml FROM krr_data_protection_key WHERE friendly_name LIKE 'key-%'");
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<XElement>();
        while (await reader.ReadAsync())
        {
            keys.Add(XElement.Parse(reader.GetString(0)));
        }
        return keys;
    }

    private static string Token(string html) => AntiforgeryField().Match(html) is { Success: true } match
        ? WebUtility.HtmlDecode(match.Groups[1].Value)
        : throw new InvalidOperationException("No antiforgery token in the page:\n" + html);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
