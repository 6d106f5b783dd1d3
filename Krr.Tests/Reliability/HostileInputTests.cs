using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Krr.Api.Auth;
using Krr.Grains.Persons;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Reliability;

/// <summary>
/// Tens of thousands of generated hostile requests (<see cref="HostileRequests"/>) to every endpoint the API maps, with
/// tokens that pass authorization so the bodies reach the handlers. No answer may be a 5xx or a hang; every 4xx is
/// <c>application/problem+json</c> saying what is wrong; the process's memory stays bounded; the register's tables
/// are exactly as before.
/// </summary>
[Collection(MeasuredAlone.Name)]
public sealed class HostileInputTests(HostileInputTests.Deployment deployment) : IClassFixture<HostileInputTests.Deployment>
{
    /// <summary>Rate limiting is not under test here; the fuzz must reach the lookup handler.</summary>
    public sealed class Deployment : EmbeddedDeployment
    {
        protected override IEnumerable<KeyValuePair<string, string?>> ExtraSettings =>
            [new("Krr:Lookup:RateLimit:PermitLimit", "1000000"), new("Logging:LogLevel:Default", "Warning")];
    }

    private const string MailboxProviderOrg = "984661185";
    private const int Workers = 4;

    [Fact]
    public async Task Hostile_requests_to_every_endpoint_get_problem_answers_and_change_nothing()
    {
        // Bounded in count and in time: on a loaded CI machine the time bound ends the run, and the count sent is printed.
        var requests = LongRuns.Scale(20_000, 200_000);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(LongRuns.Scale(90, 1200));
        var seed = Environment.TickCount;
        var endpoints = ApiEndpoint.All(deployment.Services);
        Assert.True(endpoints.Count > 30, $"only {endpoints.Count} endpoints found");
        await SeedAsync();
        var before = await RegisterSnapshot.TakeAsync(deployment.Database);

        var tokens = deployment.Tokens;
        // Endpoints that read no body (DELETE /api/minprofil, POST bekreft) and test person creation with a body
        // that happens to be valid do change data: the caller's own, and the test persons it created.
        var self = TestIdentities.Next();
        var created = new ConcurrentBag<string>([self]);
        var citizen = tokens.Citizen(self, KrrScopes.UserContactRead, KrrScopes.UserMailboxRead, KrrScopes.UserLanguageWrite);
        var agency = tokens.Agency(MailboxProviderOrg, KrrScopes.ContactRead, KrrScopes.MailboxRead, KrrScopes.ChangesRead,
            KrrScopes.LanguageWrite, KrrScopes.MailboxWrite, KrrScopes.OperatorAdmin);
        var failures = new ConcurrentQueue<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        var spent = new ConcurrentDictionary<string, TimeSpan>();
        using var memory = new MemorySampler();
        var clock = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var generator = new HostileRequests(seed + worker);
            int n;
            while (DateTime.UtcNow < deadline && (n = Interlocked.Increment(ref next)) < requests && failures.Count < 20)
            {
                var endpoint = endpoints[n % endpoints.Count];
                var token = endpoint.Anonymous ? null : endpoint.Policies.Any(p => p.StartsWith(KrrPolicies.Citizen, StringComparison.Ordinal)) ? citizen : agency;
                using var request = generator.Create(endpoint.Method, endpoint.PathWith, token);
                // The URI may be kilobytes of generated digits: the failure names its start and length, and the seed repeats it.
                var uri = request.RequestUri!.OriginalString;
                var what = $"{endpoint.Method} {(uri.Length > 160 ? $"{uri[..160]}… ({uri.Length} characters)" : uri)} (seed {seed + worker}, request {n})";
                // Beyond Kestrel's limits (request line 8 KB, method and version included, headers 32 KB or 100, body 1 MiB) or with a NUL in the path:
                // Kestrel itself may answer, before any middleware runs, with an empty 400/414/431, and close the
                // connection while the client still sends.
                var oversized = $"{endpoint.Method} {uri} HTTP/1.1\r\n".Length > 8 * 1024
                                || uri.Contains("%00", StringComparison.Ordinal)
                                || request.Content?.Headers.ContentLength > 1024 * 1024
                                || request.Headers.Sum(h => h.Key.Length + h.Value.Sum(v => v.Length + 4)) > 30 * 1024
                                || request.Headers.Count() > 95;
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                var started = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await SendAsync(request, oversized, timeout.Token);
                    var body = await response.Content.ReadAsStringAsync(timeout.Token);
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
                    if (response.StatusCode == HttpStatusCode.Created && endpoint.Route == "/testdata/personer")
                    {
                        created.Add(JsonNode.Parse(body)!["personidentifikator"]!.GetValue<string>());
                    }
                    if (!(oversized && body.Length == 0 && (int)response.StatusCode is 400 or 414 or 431) && Problem(response, body) is { } problem)
                    {
                        failures.Enqueue($"{problem} ← {what}");
                    }
                }
                catch (OperationCanceledException)
                {
                    failures.Enqueue($"no answer in 60 s (the request timeout is 30 s) ← {what}");
                }
                catch (HttpRequestException) when (oversized)
                {
                    statuses.AddOrUpdate(0, 1, (_, c) => c + 1);
                }
                catch (HttpRequestException exception)
                {
                    failures.Enqueue($"connection failed ({exception.InnerException?.Message ?? exception.Message}) ← {what}");
                }
                spent.AddOrUpdate(endpoint.Method + " " + endpoint.Route, Stopwatch.GetElapsedTime(started), (_, t) => t + Stopwatch.GetElapsedTime(started));
            }
        })));
        clock.Stop();

        Assert.True(failures.IsEmpty, string.Join("\n", failures.Select(f => f.Length > 1500 ? f[..1500] : f)));
        var sent = statuses.Values.Sum();
        Assert.True(sent >= endpoints.Count * 25, $"only {sent} requests in the time allowed");
        // Peaks depend on when the collector gives memory back (1.0–1.6 GB seen alone in CI); what must stay small is what
        // the run keeps.
        Assert.True(memory.PeakGrowthBytes < 4L * 1024 * 1024 * 1024, $"memory peaked {memory.PeakGrowthBytes / 1024 / 1024} MB over the start");
        Assert.True(memory.RetainedGrowthBytes < 256L * 1024 * 1024, $"the run kept {memory.RetainedGrowthBytes / 1024 / 1024} MB of managed memory");
        Assert.Empty(before.Differences(await RegisterSnapshot.TakeAsync(deployment.Database), created));
        using (var ready = await deployment.Http.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        }
        Console.WriteLine($"[reliability] fuzz: {sent} requests to {endpoints.Count} endpoints in {clock.Elapsed.TotalSeconds:0.0} s " +
                          $"({sent / clock.Elapsed.TotalSeconds:0} /s), peak memory growth {memory.PeakGrowthBytes / 1024 / 1024} MB, kept {memory.RetainedGrowthBytes / 1024 / 1024} MB, statuses " +
                          string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "dropped" : s.Key.ToString())}: {s.Value}")) +
                          "; slowest endpoints " + string.Join(", ", spent.OrderByDescending(s => s.Value).Take(5).Select(s => $"{s.Key} {s.Value.TotalSeconds:0} s")));
    }

    /// <summary>
    /// Requests the fuzz once found answered 500, kept so they stay fixed whatever the generator draws. The sign-in page
    /// is off in this deployment (404), but its binding, where the 500s came from, runs before the page says so.
    /// </summary>
    [Theory]
    [InlineData("GET", "/logg-inn", "application/x-www-form-urlencoded", "{\"personer\":[null,", 404)]
    [InlineData("GET", "/logg-inn?x[=1", null, null, 404)]
    [InlineData("POST", "/logg-inn?handler=Citizen", "application/x-www-form-urlencoded; charset=utf-7", "Personidentifikator=1", 415)]
    [InlineData("POST", "/rest/v2/personer", "application/json; charset=utf-7", "{\"personidentifikatorer\":[]}", 415)]
    [InlineData("POST", "/testdata/personer", "application/json; charset=nonsense", "{}", 415)]
    public async Task Requests_that_once_failed_deep_in_the_framework_get_a_clear_answer(string method, string path, string? contentType, string? body, int expected)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(body));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer",
            deployment.Tokens.Agency(MailboxProviderOrg, KrrScopes.ContactRead, KrrScopes.OperatorAdmin));
        using var response = await deployment.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(expected, (int)response.StatusCode);
        if (expected >= 400)
        {
            Assert.Null(Problem(response, text));
        }
    }

    /// <summary>
    /// Oversized requests go on a connection of their own, since Kestrel closes it after refusing them; a request a
    /// pooled connection closed under it (by the server, after an earlier answer) is sent once more on a new one.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, bool oversized, CancellationToken cancellation)
    {
        if (oversized)
        {
            using var client = new HttpClient { BaseAddress = deployment.Http.BaseAddress };
            return await client.SendAsync(request, cancellation);
        }
        try
        {
            return await deployment.Http.SendAsync(request, cancellation);
        }
        catch (HttpRequestException exception) when (exception.InnerException is IOException && request.Content is null or ByteArrayContent)
        {
            using var retry = new HttpRequestMessage(request.Method, request.RequestUri) { Content = request.Content is null ? null : new ByteArrayContent(await request.Content.ReadAsByteArrayAsync(cancellation)) };
            foreach (var header in request.Headers)
            {
                retry.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            foreach (var header in request.Content?.Headers ?? Enumerable.Empty<KeyValuePair<string, IEnumerable<string>>>())
            {
                retry.Content!.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }
            using var client = new HttpClient { BaseAddress = deployment.Http.BaseAddress };
            return await client.SendAsync(retry, cancellation);
        }
    }

    /// <summary>What is wrong with an answer to a hostile request, or null when it is right.</summary>
    private static string? Problem(HttpResponseMessage response, string body)
    {
        var status = (int)response.StatusCode;
        if (status >= 500)
        {
            return $"{status} {body}";
        }
        if (status < 400)
        {
            return null;
        }
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            return $"{status} as {response.Content.Headers.ContentType?.MediaType ?? "no content type"}: {body}";
        }
        var problem = JsonNode.Parse(body) as JsonObject;
        var says = problem?["title"]?.GetValue<string>() + problem?["detail"]?.GetValue<string>();
        return problem?["status"]?.GetValue<int>() == status && !string.IsNullOrWhiteSpace(says) ? null : $"{status} problem without status or text: {body}";
    }

    /// <summary>Persons, a shared value and a delegation, so there is data the fuzz could damage; the feed numbered, so reading it changes nothing.</summary>
    private async Task SeedAsync()
    {
        var shared = TestIdentities.Email();
        foreach (var _ in Enumerable.Range(0, 5))
        {
            var person = deployment.Grains.GetPerson(TestIdentities.Next());
            await person.SetContactAsync(ContactChannel.Email, new ContactValue(shared, shared));
            var mobile = TestIdentities.Mobile();
            await person.SetContactAsync(ContactChannel.Mobile, new ContactValue(mobile, mobile));
        }
        using var feed = await deployment.SendAsync(HttpMethod.Post, "/rest/v2/krr/hentEndringer", deployment.Tokens.Agency(MailboxProviderOrg, KrrScopes.ChangesRead), new { fraEndringsId = 0 });
        Assert.Equal(HttpStatusCode.OK, feed.StatusCode);
    }
}
