using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Krr.Api.Auth;
using Krr.Tests.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Krr.Tests.Api;

/// <summary>
/// Kestrel runs each request on the thread that completed its socket read (docs/architecture.md, "Fewer hops per
/// lookup"): a body that arrives in pieces is still read to the end while other connections' batches are answered.
/// </summary>
public sealed class SocketSchedulingTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    [Fact]
    public async Task Requests_run_inline_and_a_slowly_sent_body_is_answered_beside_full_batches()
    {
        Assert.True(deployment.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
        var token = deployment.Tokens.Agency("991825827", KrrScopes.ContactRead);
        var slowPersons = Enumerable.Range(0, 50).Select(_ => TestIdentities.Next()).ToArray();

        var slow = SlowLookupAsync(token, slowPersons);
        var batches = Enumerable.Range(0, 8).Select(async _ =>
        {
            var persons = Enumerable.Range(0, 1000).Select(_ => TestIdentities.Next()).ToArray();
            using var response = await deployment.LookupAsync("v2", token, new { personidentifikatorer = persons });
            var answered = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["personer"]!.AsArray();
            Assert.Equal(persons, answered.Select(p => (string)p!["personidentifikator"]!));
        }).ToList();
        await Task.WhenAll(batches);

        Assert.Equal(slowPersons, (await slow).Select(p => (string)p!["personidentifikator"]!));
    }

    private async Task<JsonArray> SlowLookupAsync(string token, string[] persons)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/rest/v2/personer")
        {
            Content = new TrickledContent(Encoding.UTF8.GetBytes(new JsonObject { ["personidentifikatorer"] = new JsonArray([.. persons.Select(p => JsonValue.Create(p))]) }.ToJsonString())),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await deployment.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["personer"]!.AsArray();
    }

    /// <summary>A JSON body sent in ten pieces 20 ms apart, each its own write on the connection.</summary>
    private sealed class TrickledContent : HttpContent
    {
        private readonly byte[] _body;

        public TrickledContent(byte[] body)
        {
            _body = body;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var piece = (_body.Length + 9) / 10;
            for (var at = 0; at < _body.Length; at += piece)
            {
                await stream.WriteAsync(_body.AsMemory(at, Math.Min(piece, _body.Length - at)));
                await stream.FlushAsync();
                await Task.Delay(20);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }
}
