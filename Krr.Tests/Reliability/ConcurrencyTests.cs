using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Krr.Api.Auth;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Reliability;

/// <summary>
/// Many clients change a few persons and a few shared contact values at once over HTTP (each person through several
/// sessions of its own). Each person's final value per channel must be that of an operation no other operation on it
/// started after (so some serial order of the acknowledged operations explains it), and every duplicate flag and
/// owner set must match the stored records.
/// </summary>
public sealed class ConcurrencyTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    private sealed record Operation(string Person, string Channel, string? Value, long Started, long Finished);

    [Fact]
    public async Task Concurrent_writes_to_the_same_persons_and_values_end_in_a_serial_state_with_right_flags()
    {
        var persons = Enumerable.Range(0, 6).Select(_ => TestIdentities.Next()).ToArray();
        var mobiles = Enumerable.Range(0, 3).Select(_ => TestIdentities.Mobile()).ToArray();
        var emails = Enumerable.Range(0, 3).Select(_ => TestIdentities.Email()).ToArray();
        var clients = LongRuns.Scale(12, 48);
        var operationsPerClient = LongRuns.Scale(25, 200);
        var done = new ConcurrentBag<Operation>();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
        {
            var random = new Random(client);
            for (var i = 0; i < operationsPerClient; i++)
            {
                var person = persons[random.Next(persons.Length)];
                var channel = random.Next(2) == 0 ? "mobil" : "epost";
                var value = random.Next(5) == 0 ? null : channel == "mobil" ? mobiles[random.Next(mobiles.Length)] : emails[random.Next(emails.Length)];
                var token = deployment.Tokens.Citizen(person, KrrScopes.UserContactRead);
                using var request = new HttpRequestMessage(value is null ? HttpMethod.Delete : HttpMethod.Put, $"/api/minprofil/{channel}")
                {
                    Content = value is null ? null : JsonContent.Create(channel == "mobil" ? new { mobiltelefonnummer = value } : (object)new { epostadresse = value }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                var started = clock.ElapsedTicks;
                using var response = await deployment.Http.SendAsync(request);
                Assert.True(response.IsSuccessStatusCode, $"{request.Method} {channel}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                done.Add(new Operation(person, channel, value, started, clock.ElapsedTicks));
            }
        })));

        var failures = new List<string>();
        foreach (var person in persons)
        {
            var profile = JsonNode.Parse(await (await deployment.Http.SendAsync(Get(person))).Content.ReadAsStringAsync())!;
            foreach (var (channel, field) in new[] { ("mobil", "mobiltelefonnummer"), ("epost", "epostadresse") })
            {
                var ops = done.Where(o => o.Person == person && o.Channel == channel).ToList();
                if (ops.Count == 0)
                {
                    continue;
                }
                // A possible last operation: none other began after it finished.
                var possible = ops.Where(o => !ops.Any(p => p.Started > o.Finished)).Select(o => o.Value).ToHashSet();
                var final = (string?)profile["person"]?["kontaktinformasjon"]?[field];
                if (!possible.Contains(final))
                {
                    failures.Add($"{person} {channel}: {final ?? "none"}, but the last operations set {string.Join(" or ", possible.Select(v => v ?? "none"))}");
                }
            }
        }
        Assert.Empty(failures);
        Assert.Empty(await DuplicateFlagInvariant.EventuallyAsync(deployment.Database, TimeSpan.FromSeconds(30)));

        // The checker can fail: one stored flag turned wrong is one violation.
        await using (var corrupt = deployment.Database.CreateCommand(
            "UPDATE krr_grain_state SET payload = jsonb_set(payload, '{Record,Mobile,Duplicated}', to_jsonb(NOT (payload #>> '{Record,Mobile,Duplicated}')::boolean)) " +
            "WHERE ctid = (SELECT ctid FROM krr_grain_state WHERE state_name = 'person' AND payload #>> '{Record,Status}' = '0' AND payload #> '{Record,Mobile}' IS NOT NULL LIMIT 1)"))
        {
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync());
        }
        Assert.Single(await DuplicateFlagInvariant.ViolationsAsync(deployment.Database));
        Console.WriteLine($"[reliability] concurrency: {done.Count} writes by {clients} clients on {persons.Length} persons and {mobiles.Length + emails.Length} values in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    private HttpRequestMessage Get(string person)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/minprofil");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", deployment.Tokens.Citizen(person, KrrScopes.UserContactRead));
        return request;
    }
}
