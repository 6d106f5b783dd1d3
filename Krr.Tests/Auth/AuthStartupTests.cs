using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Krr.Api.Auth;
using Microsoft.Extensions.Options;

namespace Krr.Tests.Auth;

/// <summary>Tests that need their own app: configuration decides what exists at startup.</summary>
public sealed class AuthStartupTests
{
    [Fact]
    public async Task Dev_token_endpoint_is_404_when_the_development_issuer_is_off()
    {
        var settings = AuthTestHost.DefaultSettings();
        settings["Krr:Auth:DevelopmentIssuer"] = "false";
        await using var host = await AuthTestHost.StartAsync("Development", settings);

        using var response = await host.Client.PostAsJsonAsync("/dev/token", new { consumer = "974760673" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(host.App.Services.GetDevelopmentTokenIssuer());
    }

    [Fact]
    public async Task Development_issuer_is_off_by_default_outside_Development_and_its_tokens_are_refused()
    {
        string devToken;
        await using (var dev = await AuthTestHost.StartAsync("Development"))
        {
            devToken = dev.App.Services.GetDevelopmentTokenIssuer()!.CreateAgencyToken("974760673", [KrrScopes.ContactRead]);
        }

        await using var host = await AuthTestHost.StartAsync("Staging");

        using var issued = await host.Client.PostAsJsonAsync("/dev/token", new { consumer = "974760673" });
        Assert.Equal(HttpStatusCode.NotFound, issued.StatusCode);
        var problem = await AuthHttpTests.AssertProblem(await host.GetAsync("/t/lookup", devToken), HttpStatusCode.Unauthorized);
        Assert.Equal("Untrusted issuer", problem.Title);
    }

    [Fact]
    public async Task Production_with_development_issuer_fails_startup()
    {
        var settings = AuthTestHost.DefaultSettings();
        settings["Krr:Auth:DevelopmentIssuer"] = "true";

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AuthTestHost.StartAsync("Production", settings));

        Assert.Contains("Krr:Auth:DevelopmentIssuer", error.Message);
    }

    [Fact]
    public async Task An_issuer_entry_with_both_fields_empty_is_a_placeholder_but_half_an_issuer_fails_startup()
    {
        var settings = AuthTestHost.DefaultSettings();
        settings["Krr:Auth:Issuers:2:Issuer"] = "";
        settings["Krr:Auth:Issuers:2:PublicKeyPem"] = "";
        await using (var host = await AuthTestHost.StartAsync("Production", settings))
        {
            using var response = await host.GetAsync("/t/lookup", AuthTestHost.AgencyToken(KrrScopes.ContactRead));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        settings["Krr:Auth:Issuers:2:Issuer"] = "https://maskinporten.example";
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AuthTestHost.StartAsync("Production", settings));
        Assert.Contains("Krr:Auth:Issuers:2:PublicKeyPem is missing", error.Message);
    }

    [Fact]
    public async Task Production_without_development_issuer_starts()
    {
        await using var host = await AuthTestHost.StartAsync("Production");

        using var response = await host.GetAsync("/t/lookup", AuthTestHost.AgencyToken(KrrScopes.ContactRead));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Krr:Auth:Issuers:0:PublicKeyPem", "not a pem")]
    [InlineData("Krr:Auth:Issuers:0:PublicKeyPem", "")]
    [InlineData("Krr:Auth:Issuers:0:Issuer", "")]
    [InlineData("Krr:Auth:Issuers:0:Issuer", "krr-dev")]
    public async Task Bad_issuer_configuration_fails_startup(string key, string value)
    {
        var settings = AuthTestHost.DefaultSettings();
        settings[key] = value;

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => AuthTestHost.StartAsync("Staging", settings));

        Assert.Contains("Krr:Auth:Issuers:0:", error.Message);
    }

    [Fact]
    public async Task Development_issuer_key_persists_in_the_data_directory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "krr-auth-" + Guid.NewGuid().ToString("N"));
        try
        {
            var settings = AuthTestHost.DefaultSettings();
            settings["Krr:DataDirectory"] = directory;
            string token;
            await using (var first = await AuthTestHost.StartAsync("Development", settings))
            {
                using var issued = await first.Client.PostAsJsonAsync("/dev/token", new { consumer = "974760673", scope = KrrScopes.ContactRead });
                token = (await issued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
            }

            Assert.True(File.Exists(Path.Combine(directory, "dev-issuer.pem")));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(directory, "dev-issuer.pem")));
            }

            await using var second = await AuthTestHost.StartAsync("Development", settings);
            using var response = await second.GetAsync("/t/lookup", token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
