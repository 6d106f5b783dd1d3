using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Krr.Api.Auth;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;
using Npgsql;

namespace Krr.Tests.Reliability;

/// <summary>
/// PostgreSQL goes away under a steady load of writes (several persons on a few shared mobile numbers, so flags flip)
/// and lookups, then comes back. While it is down the API answers 503 with <c>Retry-After</c> within a bounded time,
/// never 500; afterwards it recovers by itself, every acknowledged write is stored and looked up, and every duplicate
/// flag and owner set matches the stored records. The outage is a relay between the embedded host and the run's
/// server (<see cref="PostgresOutage"/>) that resets every connection and refuses new ones.
/// </summary>
public sealed class DatabaseFaultTests(DatabaseFaultTests.Deployment deployment) : IClassFixture<DatabaseFaultTests.Deployment>
{
    public sealed class Deployment : EmbeddedDeployment
    {
        public PostgresOutage Outage { get; private set; } = null!;

        protected override string ApiConnectionString(string direct)
        {
            (Outage, var relayed) = PostgresOutage.Start(direct);
            return relayed;
        }

        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
            [new("Krr:Lookup:RateLimit:PermitLimit", "1000000"), new("Logging:LogLevel:Default", "Warning")];

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Outage.DisposeAsync();
        }
    }

    private sealed record Answer(int Status, bool RetryAfter, TimeSpan Latency, TimeSpan At, string Body);

    [Fact]
    public async Task While_PostgreSQL_is_down_the_API_answers_503_and_afterwards_nothing_acknowledged_is_lost()
    {
        var persons = Enumerable.Range(0, 12).Select(_ => TestIdentities.Next()).ToArray();
        var mobiles = Enumerable.Range(0, 4).Select(_ => TestIdentities.Mobile()).ToArray();
        var outage = TimeSpan.FromSeconds(LongRuns.Scale(8, 60));
        var attempts = persons.ToDictionary(p => p, _ => new List<(string Value, bool Acknowledged)>());
        var answers = new ConcurrentBag<Answer>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();

        var writers = persons.Select((person, i) => Task.Run(async () =>
        {
            var random = new Random(i);
            while (!stop.IsCancellationRequested)
            {
                var value = mobiles[random.Next(mobiles.Length)];
                var answer = await SendAsync(HttpMethod.Put, "/api/minprofil/mobil", deployment.Tokens.Citizen(person, KrrScopes.UserContactRead), new { mobiltelefonnummer = value }, clock);
                answers.Add(answer);
                attempts[person].Add((value, answer.Status == 200));
                await Task.Delay(answer.Status == 200 ? 20 : 250);
            }
        })).ToList();
        var lookups = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                answers.Add(await SendAsync(HttpMethod.Post, "/rest/v2/personer", deployment.Tokens.Agency("991825827", KrrScopes.ContactRead), new { personidentifikatorer = persons }, clock));
                await Task.Delay(50);
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        var cutAt = clock.Elapsed;
        deployment.Outage.Cut();
        await Task.Delay(outage);
        var restoredAt = clock.Elapsed;
        deployment.Outage.Restore();
        // Recovered: every writer has had a write acknowledged since, then a few seconds more of load.
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && answers.Count(a => a.At - a.Latency > restoredAt && a.Status == 200) < persons.Length * 3)
        {
            await Task.Delay(200);
        }
        await Task.Delay(TimeSpan.FromSeconds(3));
        await stop.CancelAsync();
        await Task.WhenAll([.. writers, .. lookups]);

        var all = answers.ToList();
        Assert.Empty(all.Where(a => a.Status >= 500 && a.Status != 503).Select(a => $"{a.Status} {a.Body}"));
        Assert.DoesNotContain(all, a => a.Status == 503 && !a.RetryAfter);
        Assert.Contains(all, a => a.Status == 503 && a.At > cutAt && a.At - a.Latency < restoredAt);
        var slowest = all.Max(a => a.Latency);
        Assert.True(slowest < TimeSpan.FromSeconds(35), $"a request took {slowest.TotalSeconds:0.0} s");
        var lastFailure = all.Where(a => a.Status != 200).Max(a => a.At);
        var recovery = lastFailure - restoredAt;
        Assert.True(recovery < TimeSpan.FromSeconds(30), $"requests still failed {recovery.TotalSeconds:0.0} s after PostgreSQL came back");

        // Nothing acknowledged is lost: each person holds its last acknowledged value, or a later attempt's whose
        // answer was lost with the connection (stored all the same), and the lookup says so too.
        var looked = await LookupAsync(persons);
        var failures = new List<string>();
        foreach (var person in persons)
        {
            var tries = attempts[person];
            var last = tries.FindLastIndex(t => t.Acknowledged);
            var possible = tries.Skip(Math.Max(0, last)).Select(t => t.Value).ToHashSet();
            var stored = await StoredMobileAsync(person);
            if (last < 0 || !possible.Contains(stored ?? ""))
            {
                failures.Add($"{person}: stored {stored}, acknowledged last {(last < 0 ? "nothing" : tries[last].Value)}");
            }
            if (looked[person] != stored)
            {
                failures.Add($"{person}: stored {stored}, looked up {looked[person]}");
            }
        }
        Assert.Empty(failures);
        Assert.Empty(await DuplicateFlagInvariant.EventuallyAsync(deployment.Database, TimeSpan.FromSeconds(30)));
        Console.WriteLine($"[reliability] database outage of {outage.TotalSeconds:0} s: {all.Count} requests, {all.Count(a => a.Status == 503)} answered 503 with Retry-After, " +
                          $"none 500; slowest {slowest.TotalSeconds:0.0} s; last failure {recovery.TotalSeconds:0.0} s after PostgreSQL came back");
    }

    private async Task<Answer> SendAsync(HttpMethod method, string path, string token, object body, Stopwatch clock)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var started = clock.Elapsed;
        using var response = await deployment.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer((int)response.StatusCode, response.Headers.RetryAfter is not null, clock.Elapsed - started, clock.Elapsed, text);
    }

    private async Task<Dictionary<string, string?>> LookupAsync(string[] persons)
    {
        var found = await deployment.PersonsAsync("v2", persons, KrrScopes.ContactRead);
        return found.ToDictionary(p => (string)p!["personidentifikator"]!, p => (string?)p!["kontaktinformasjon"]?["mobiltelefonnummer"]);
    }

    private async Task<string?> StoredMobileAsync(string person)
    {
        await using var select = deployment.Database.CreateCommand(
            "SELECT payload #>> '{Record,Mobile,Normalized}' FROM krr_grain_state WHERE state_name = 'person' AND payload #>> '{Record,Identifier}' = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = person });
        return (string?)await select.ExecuteScalarAsync();
    }
}
