using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Api;

/// <summary>
/// The README's first command as a newcomer meets it: <c>Krr.Api</c> started with no database configured starts
/// its own PostgreSQL, loads the demo register, and prints a lookup command that returns the demo persons.
/// </summary>
public sealed partial class DemoDataTests
{
    [Fact]
    public async Task The_embedded_default_prints_a_lookup_command_that_returns_the_demo_persons()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"krr-embedded-{Guid.NewGuid():N}");
        var port = FreePort.Next();
        await using var api = ChildProcess.Start("Krr.Api", new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Krr__DataDirectory"] = dataDirectory,
            ["Krr__DemoData__GeneratedPersons"] = "20",
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePort.Next().ToString(),
        });
        try
        {
            var command = await WaitForCurlLineAsync(api);
            var match = CurlCommand().Match(command);
            Assert.True(match.Success, command);

            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Post, match.Groups["url"].Value)
            {
                Content = new StringContent(match.Groups["body"].Value, System.Text.Encoding.UTF8, "application/json"),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", match.Groups["token"].Value);
            using var response = await http.SendAsync(request);
            var persons = (await response.Content.ReadFromJsonAsync<JsonObject>())!["personer"]!.AsArray();

            var seed = persons.Single(p => (string?)p!["personidentifikator"] == "17912099997")!;
            Assert.Equal("AKTIV", (string?)seed["status"]);
            Assert.Equal("kjell@test.no", (string?)seed["kontaktinformasjon"]!["epostadresse"]);
            Assert.Equal("+4798765432", (string?)seed["kontaktinformasjon"]!["mobiltelefonnummer"]);
            Assert.Equal("kjell#digipost", (string?)seed["digital_post"]!["postkasseadresse"]);
            Assert.NotNull(seed["sertifikat"]);
            Assert.Equal(2, persons.Count(p => (string?)p!["kontaktinformasjon"]?["epostadresse_duplisert"] == "JA"));
            Assert.Contains(persons, p => (string?)p!["reservasjon"] == "JA");
            Assert.Contains(persons, p => (string?)p!["status"] == "SLETTET");
            Assert.Contains(persons, p => (string?)p!["status"] == "AKTIV" && (string?)p!["varslingsstatus"] == "KAN_IKKE_VARSLES" && (string?)p!["reservasjon"] == "NEI");
        }
        finally
        {
            // A graceful stop also stops the private PostgreSQL the API started.
            await api.StopAsync(TimeSpan.FromSeconds(30));
            Directory.Delete(dataDirectory, recursive: true);
        }
    }

    private static async Task<string> WaitForCurlLineAsync(ChildProcess api)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            var line = api.Output.Split('\n').FirstOrDefault(l => l.StartsWith("curl ", StringComparison.Ordinal));
            if (line is not null)
            {
                return line.Trim();
            }
            Assert.False(api.HasExited, $"Krr.Api exited with {(api.HasExited ? api.ExitCode : 0)}:\n{api.Output}");
            await Task.Delay(250);
        }
        throw new TimeoutException($"No lookup command printed in 120 s:\n{api.Output}");
    }

    [GeneratedRegex(@"-X POST (?<url>\S+) -H 'Authorization: Bearer (?<token>[^']+)' -H 'Content-Type: application/json' -d '(?<body>[^']+)'")]
    private static partial Regex CurlCommand();
}
