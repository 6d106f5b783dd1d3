using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Tests.Infrastructure;
using Npgsql;
using Xunit.Abstractions;

namespace Krr.Tests.Api;

/// <summary>The changes feed (SPEC §9) on the cluster shape: two silo processes, an API process, PostgreSQL.</summary>
public sealed class ChangesFeedTests(ClusterDeployment deployment, ITestOutputHelper output) : IClassFixture<ClusterDeployment>
{
    private const string Agency = "991825827";
    private const string FeedScope = "krr:global/hentendring.read";

    [Fact]
    public async Task Every_change_gets_an_increasing_id_above_200_million_and_fra_is_inclusive()
    {
        var start = (long)(await PageAsync(0))["sisteEndringsId"]! + 1;
        var person = TestIdentities.Next();
        var grain = deployment.Grains.GetPerson(person);
        await grain.SetContactAsync(ContactChannel.Email, Email(TestIdentities.Email()));
        await grain.SetReservationAsync(true);
        await grain.SetLanguageAsync("nn");
        await grain.DeleteAsync();

        var page = await PageAsync(start);
        var mine = Mine(page, person);
        Assert.Equal(["AKTIV", "AKTIV", "AKTIV", "SLETTET"], mine.Select(p => (string)p["status"]!));
        Assert.NotNull(mine[0]["kontaktinformasjon"]!["epostadresse"]);
        Assert.Equal("JA", (string?)mine[1]["reservasjon"]);
        Assert.Equal("nn", (string?)mine[2]["spraak"]);
        Assert.True((long)page["tilEndringsId"]! > 200_000_000);
        Assert.Equal(start, (long)page["fraEndringsId"]!);

        // From and including: asking from the last id returns that change again.
        var last = (long)page["tilEndringsId"]!;
        var again = await PageAsync(last);
        Assert.Equal(last, (long)again["tilEndringsId"]!);
        Assert.Single(again["list"]!.AsArray());
        Assert.Equal(last, (long)again["sisteEndringsId"]!);
    }

    [Fact]
    public async Task An_agency_language_write_is_in_the_feed()
    {
        var start = (long)(await PageAsync(0))["sisteEndringsId"]! + 1;
        var person = TestIdentities.Next();
        using (var response = await deployment.SendAsync(HttpMethod.Post, "/rest/v2/krr/spraak",
            deployment.Tokens.Agency(Agency, "krr:global/spraak.write"), new { personer = new[] { new { personidentifikator = person, spraak = "se" } } }))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var created = Assert.Single(Mine(await PageAsync(start), person));
        Assert.Equal("AKTIV", (string?)created["status"]);
        Assert.Equal("se", (string?)created["spraak"]);
        Assert.Equal("KAN_IKKE_VARSLES", (string?)created["varslingsstatus"]);
    }

    [Fact]
    public async Task Pages_hold_at_most_1000_and_follow_on_without_gaps()
    {
        var start = (long)(await PageAsync(0))["sisteEndringsId"]! + 1;
        var persons = Enumerable.Range(0, 1100).Select(_ => TestIdentities.Next()).ToList();
        await Parallel.ForEachAsync(persons, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (p, _) => await deployment.Grains.GetPerson(p).SetLanguageAsync("en"));

        var first = await PageAsync(start);
        Assert.Equal(1000, first["list"]!.AsArray().Count);
        var to = (long)first["tilEndringsId"]!;
        Assert.Equal(start + 999, to);
        var second = await PageAsync(to + 1);
        Assert.True(second["list"]!.AsArray().Count >= 100);
        var seen = first["list"]!.AsArray().Concat(second["list"]!.AsArray()).Select(p => (string)p!["personidentifikator"]!).ToHashSet();
        Assert.Subset(seen, persons.ToHashSet());
    }

    /// <summary>
    /// The classic pitfall, forced: a writer whose transaction started first commits last. A reader at the head
    /// meanwhile sees the later writer's change and moves past it; the late change still reaches it, with a later id.
    /// </summary>
    [Fact]
    public async Task A_change_committed_late_by_an_older_transaction_is_never_skipped()
    {
        var head = (long)(await PageAsync(0))["sisteEndringsId"]!;
        var slow = TestIdentities.Next();
        var fast = TestIdentities.Next();

        await using var slowConnection = await deployment.Database.OpenConnectionAsync();
        await using var slowTransaction = await slowConnection.BeginTransactionAsync();
        await InsertPersonRowAsync(slowConnection, slowTransaction, slow);
        await using (var fastConnection = await deployment.Database.OpenConnectionAsync())
        {
            await InsertPersonRowAsync(fastConnection, null, fast);
        }

        var during = await PageAsync(head + 1);
        Assert.Single(Mine(during, fast));
        Assert.Empty(Mine(during, slow));
        var seen = (long)during["tilEndringsId"]!;
        Assert.Equal(seen, (long)during["sisteEndringsId"]!);

        await slowTransaction.CommitAsync();
        var after = await PageAsync(seen + 1);
        Assert.Single(Mine(after, slow));
        Assert.True((long)after["tilEndringsId"]! > seen);
    }

    /// <summary>
    /// A consumer follows the feed from the start while writers on both silos change persons and one silo is
    /// killed midway; its copy ends identical to what the register answers.
    /// </summary>
    [Fact]
    public async Task A_replica_following_the_feed_through_a_write_storm_and_a_silo_crash_ends_identical()
    {
        var persons = Enumerable.Range(0, 120).Select(_ => TestIdentities.Next()).ToArray();
        var emails = Enumerable.Range(0, 10).Select(_ => TestIdentities.Email()).ToArray();
        var mobiles = Enumerable.Range(0, 10).Select(_ => TestIdentities.Mobile()).ToArray();
        var replica = new ConcurrentDictionary<string, string>();
        using var stopFollowing = new CancellationTokenSource();
        var follower = FollowAsync(replica, stopFollowing.Token);

        var storm = Stopwatch();
        var acknowledged = 0;
        var failed = 0;
        var writers = Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (storm.Elapsed < TimeSpan.FromSeconds(35))
            {
                var grain = deployment.Grains.GetPerson(persons[random.Next(persons.Length)]);
                try
                {
                    await (random.Next(6) switch
                    {
                        0 => (Task)grain.SetContactAsync(ContactChannel.Email, Email(emails[random.Next(emails.Length)])),
                        1 => grain.SetContactAsync(ContactChannel.Mobile, random.Next(4) == 0 ? null : Same(mobiles[random.Next(mobiles.Length)])),
                        2 => grain.SetReservationAsync(random.Next(2) == 0),
                        3 => grain.SetLanguageIfUnsetAsync("se"),
                        4 => grain.DeleteAsync(),
                        _ => grain.SetDigitalMailboxAsync(new DigitalMailboxRecord($"p{random.Next(3)}#digipost", "984661185")),
                    }).WaitAsync(TimeSpan.FromSeconds(10));
                    Interlocked.Increment(ref acknowledged);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    // Calls to the killed silo fail until the cluster notices; whatever was stored is in the feed.
                    Interlocked.Increment(ref failed);
                    await Task.Delay(50);
                }
            }
        })).ToList();

        await Task.Delay(TimeSpan.FromSeconds(8));
        await deployment.KillSiloAsync(0);
        await Task.WhenAll(writers);
        output.WriteLine($"{acknowledged} writes acknowledged, {failed} failed around the crash");
        Assert.True(acknowledged > 200, $"only {acknowledged} writes were acknowledged");
        Assert.True(failed > 0, "no write noticed the crash");

        // The register settles (duplicate-flag notifications finish), then the copy must match it exactly.
        string[] differences = ["the register never answered"];
        for (var attempt = 0; attempt < 20; attempt++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            Dictionary<string, string> register;
            try
            {
                register = await RegisterAsync(persons);
                await CatchUpAsync(replica);
            }
            catch (Xunit.Sdk.XunitException exception)
            {
                output.WriteLine($"register not answering yet: {exception.Message}");
                continue;
            }
            differences = persons.Where(p => register[p] != replica.GetValueOrDefault(p, NotRegistered(p))).ToArray();
            if (differences.Length == 0)
            {
                break;
            }
        }
        await stopFollowing.CancelAsync();
        await follower;
        output.WriteLine($"replica followed the feed to {_position}; {persons.Count(p => replica.ContainsKey(p))} persons copied");
        Assert.Empty(differences);
    }

    private async Task FollowAsync(ConcurrentDictionary<string, string> replica, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(replica);
                await Task.Delay(200, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or Xunit.Sdk.XunitException)
            {
                // While the crashed silo's grains (such as a mailbox provider's) move, a page can fail; a consumer retries.
                output.WriteLine($"feed read failed, retrying: {exception.Message}");
            }
        }
    }

    private readonly SemaphoreSlim _replicaLock = new(1, 1);
    private long _position;

    /// <summary>Altinn's loop (krr-reference.md §5.2): from the stored position, apply in order, store tilEndringsId, repeat.</summary>
    private async Task CatchUpAsync(ConcurrentDictionary<string, string> replica)
    {
        await _replicaLock.WaitAsync();
        try
        {
            while (true)
            {
                var page = await PageAsync(_position);
                foreach (var person in page["list"]!.AsArray())
                {
                    replica[(string)person!["personidentifikator"]!] = person.ToJsonString();
                }
                _position = (long)page["tilEndringsId"]!;
                if (_position >= (long)page["sisteEndringsId"]!)
                {
                    return;
                }
            }
        }
        finally
        {
            _replicaLock.Release();
        }
    }

    private async Task<Dictionary<string, string>> RegisterAsync(string[] persons)
    {
        var found = await deployment.PersonsAsync("v2", persons, "krr:global/kontaktinformasjon.read", "krr:global/digitalpost.read");
        return found.ToDictionary(p => (string)p!["personidentifikator"]!, p => p!.ToJsonString());
    }

    private static string NotRegistered(string person) =>
        new JsonObject { ["personidentifikator"] = person, ["status"] = "IKKE_REGISTRERT", ["varslingsstatus"] = "KAN_IKKE_VARSLES" }.ToJsonString();

    private async Task<JsonObject> PageAsync(long from)
    {
        using var response = await deployment.SendAsync(HttpMethod.Post, "/rest/v2/krr/hentEndringer",
            deployment.Tokens.Agency(Agency, FeedScope), new { fraEndringsId = from });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static List<JsonNode> Mine(JsonObject page, string person) =>
        page["list"]!.AsArray().Where(p => (string?)p!["personidentifikator"] == person).Select(p => p!).ToList();

    private static async Task InsertPersonRowAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string person)
    {
        await using var command = new NpgsqlCommand("""
            INSERT INTO krr_grain_state (service_id, state_name, grain_n0, grain_n1, grain_ext, grain_hash, state_hash, payload, version)
            VALUES ('feed-test', 'person', 0, 0, $1, 0, 0, jsonb_build_object('Record', jsonb_build_object(
                'Identifier', $2::text, 'Status', 0, 'Reserved', false, 'Updated', now())), 1)
            """, connection, transaction);
        command.Parameters.Add(new() { Value = "person:" + person });
        command.Parameters.Add(new() { Value = person });
        await command.ExecuteNonQueryAsync();
    }

    private static ContactValue Same(string e164) => new(e164, e164);

    private static ContactValue Email(string email) => new(email, EmailAddress.Parse(email).Normalized);

    private static System.Diagnostics.Stopwatch Stopwatch() => System.Diagnostics.Stopwatch.StartNew();
}
