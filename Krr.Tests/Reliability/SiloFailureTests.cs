using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Krr.Api.Auth;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;
using Npgsql;

namespace Krr.Tests.Reliability;

/// <summary>
/// Three <c>Krr.Silo</c> processes and a <c>Krr.Api</c> process on PostgreSQL with the real ADO.NET membership and
/// the production membership settings (<c>KrrOrleansConfiguration.ConfigureMembership</c>), under a steady mix of
/// writes (on a few shared mobile numbers) and batch lookups from several clients:
/// <list type="number">
/// <item>one silo is killed without warning: lookups succeed again within seconds (measured), no answer is a 500,
/// every acknowledged write is stored and in the next lookup, flags and owner sets match the stored records, and
/// every re-verification day that has entries still has its reminder row;</item>
/// <item>then every silo is killed and three new ones start on the same database: the cluster answers again without
/// waiting out the dead silos' rows for minutes (measured), and all the data is there.</item>
/// </list>
/// </summary>
public sealed class SiloFailureTests(SiloFailureTests.Deployment deployment) : IClassFixture<SiloFailureTests.Deployment>
{
    public sealed class Deployment : ClusterDeployment
    {
        protected override int SiloCount => 3;

        protected override IReadOnlyDictionary<string, string> ExtraEnvironment => new Dictionary<string, string>
        {
            ["Krr__Lookup__RateLimit__PermitLimit"] = "1000000",
            ["Logging__LogLevel__Default"] = "Warning",
        };
    }

    private sealed record Answer(bool Lookup, int Status, TimeSpan At, string Body);

    [Fact]
    public async Task A_killed_silo_and_a_whole_cluster_restart_lose_nothing_and_recover_in_seconds()
    {
        var persons = Enumerable.Range(0, 40).Select(_ => TestIdentities.Next()).ToArray();
        var mobiles = Enumerable.Range(0, 6).Select(_ => TestIdentities.Mobile()).ToArray();
        var attempts = persons.ToDictionary(p => p, _ => new List<(string Value, bool Acknowledged)>());
        var answers = new ConcurrentBag<Answer>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();

        // Writers own disjoint persons, so each person's acknowledged writes are ordered.
        var writers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            var mine = persons.Where((_, i) => i % 4 == w).ToArray();
            while (!stop.IsCancellationRequested)
            {
                var person = mine[random.Next(mine.Length)];
                var value = mobiles[random.Next(mobiles.Length)];
                var (status, body) = await SendAsync(HttpMethod.Put, "/api/minprofil/mobil", deployment.Tokens.Citizen(person, KrrScopes.UserContactRead), new { mobiltelefonnummer = value });
                lock (attempts[person])
                {
                    attempts[person].Add((value, status == 200));
                }
                answers.Add(new Answer(false, status, clock.Elapsed, body));
                await Task.Delay(status == 200 ? 20 : 200);
            }
        })).ToList();
        var lookups = Enumerable.Range(0, 3).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var (status, body) = await SendAsync(HttpMethod.Post, "/rest/v2/personer", deployment.Tokens.Agency("991825827", KrrScopes.ContactRead), new { personidentifikatorer = persons });
                answers.Add(new Answer(true, status, clock.Elapsed, body));
                await Task.Delay(50);
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(5));
        var killedAt = clock.Elapsed;
        await deployment.KillSiloAsync(1);
        // Recovered once lookups have succeeded for 5 s on end (at most 2 minutes).
        var deadline = killedAt + TimeSpan.FromMinutes(2);
        while (clock.Elapsed < deadline && !(clock.Elapsed - LastFailure(answers, killedAt) > TimeSpan.FromSeconds(5) && clock.Elapsed - killedAt > TimeSpan.FromSeconds(5)))
        {
            await Task.Delay(250);
        }
        await stop.CancelAsync();
        await Task.WhenAll([.. writers, .. lookups]);
        var recovery = LastFailure(answers, killedAt) - killedAt;
        var all = answers.ToList();

        Assert.Empty(all.Where(a => a.Status >= 500 && a.Status != 503).Select(a => $"{a.Status} {a.Body}"));
        Assert.True(recovery < TimeSpan.FromSeconds(60), $"lookups still failed {recovery.TotalSeconds:0.0} s after the kill");
        await AssertNothingLostAsync(persons, attempts);
        var violations = await DuplicateFlagInvariant.EventuallyAsync(deployment.Database, TimeSpan.FromSeconds(30));
        Assert.True(violations.Count == 0, string.Join('\n', violations) + "\n" + string.Join('\n', deployment.Outputs.SelectMany(o => o.Split('\n')).Where(l => l.Contains("warn", StringComparison.OrdinalIgnoreCase) || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).Take(40)));
        Assert.Empty(await DueDaysWithoutReminderAsync());

        // The whole cluster dies at once; new silos start on the same database.
        for (var i = 0; i < deployment.SilosStarted; i++)
        {
            await deployment.KillSiloAsync(i);
        }
        var restart = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++)
        {
            deployment.StartSilo();
        }
        await deployment.WaitUntilReadyAsync();
        while (restart.Elapsed < TimeSpan.FromMinutes(3) && (await SendAsync(HttpMethod.Post, "/rest/v2/personer", deployment.Tokens.Agency("991825827", KrrScopes.ContactRead), new { personidentifikatorer = persons })).Status != 200)
        {
            await Task.Delay(250);
        }
        var formed = restart.Elapsed;
        Assert.True(formed < TimeSpan.FromSeconds(90), $"the restarted cluster answered lookups only after {formed.TotalSeconds:0} s");
        await AssertNothingLostAsync(persons, attempts);
        Assert.Empty(await DuplicateFlagInvariant.ViolationsAsync(deployment.Database));
        Assert.Empty(await DueDaysWithoutReminderAsync());

        Console.WriteLine($"[reliability] silo kill under load: {all.Count} requests ({all.Count(a => a.Status == 200)} ok, {all.Count(a => a.Status == 503)} 503, none 500); " +
                          $"lookups failed for {recovery.TotalSeconds:0.0} s after the kill; whole-cluster restart answered lookups after {formed.TotalSeconds:0.0} s");
    }

    private static TimeSpan LastFailure(IEnumerable<Answer> answers, TimeSpan since) =>
        answers.Where(a => a.Lookup && a.Status != 200 && a.At > since).Select(a => a.At).DefaultIfEmpty(since).Max();

    /// <summary>Each person holds its last acknowledged value (or a later attempt's whose answer was lost), in storage and in a lookup.</summary>
    private async Task AssertNothingLostAsync(string[] persons, Dictionary<string, List<(string Value, bool Acknowledged)>> attempts)
    {
        var looked = (await deployment.PersonsAsync("v2", persons, KrrScopes.ContactRead))
            .ToDictionary(p => (string)p!["personidentifikator"]!, p => (string?)p!["kontaktinformasjon"]?["mobiltelefonnummer"]);
        var failures = new List<string>();
        foreach (var person in persons)
        {
            var tries = attempts[person];
            var last = tries.FindLastIndex(t => t.Acknowledged);
            if (last < 0)
            {
                continue;
            }
            var possible = tries.Skip(last).Select(t => t.Value).ToHashSet();
            await using var select = deployment.Database.CreateCommand(
                "SELECT payload #>> '{Record,Mobile,Normalized}' FROM krr_grain_state WHERE state_name = 'person' AND payload #>> '{Record,Identifier}' = $1");
            select.Parameters.Add(new NpgsqlParameter { Value = person });
            var stored = (string?)await select.ExecuteScalarAsync();
            if (!possible.Contains(stored ?? "") || looked[person] != stored)
            {
                failures.Add($"{person}: stored {stored}, looked up {looked[person]}, acknowledged last {tries[last].Value}");
            }
        }
        Assert.Empty(failures);
        Assert.Contains(attempts.Values, t => t.Any(a => a.Acknowledged));
    }

    /// <summary>Re-verification days that have due entries but no reminder row for their bucket grain.</summary>
    private async Task<List<string>> DueDaysWithoutReminderAsync()
    {
        await using var select = deployment.Database.CreateCommand(
            "SELECT DISTINCT d.due_day::text FROM krr_reverification_due d WHERE NOT EXISTS " +
            "(SELECT 1 FROM orleansreminderstable r WHERE r.grainid LIKE '%due:' || to_char(d.due_day, 'YYYY-MM-DD'))");
        await using var reader = await select.ExecuteReaderAsync();
        var missing = new List<string>();
        while (await reader.ReadAsync())
        {
            missing.Add(reader.GetString(0));
        }
        return missing;
    }

    private async Task<(int Status, string Body)> SendAsync(HttpMethod method, string path, string token, object body)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            using var response = await deployment.Http.SendAsync(request);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
        }
        catch (HttpRequestException exception)
        {
            return (0, exception.Message);
        }
    }
}
