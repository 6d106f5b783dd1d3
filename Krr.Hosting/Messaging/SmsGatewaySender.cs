using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Krr.Grains.Messaging;
using Microsoft.Extensions.Options;

namespace Krr.Hosting.Messaging;

/// <summary>
/// Posts an SMS as JSON <c>{"to","message","reference"}</c> to the gateway, with basic authentication when
/// credentials are set. Any answer but 2xx is a failure, so the dispatcher retries; <c>reference</c> is the
/// dedupe key, so a gateway that deduplicates can drop a resend after a crash. A client per send from the
/// factory, because the sender lives as long as the process and pooled handlers must still rotate (DNS changes).
/// </summary>
public sealed class SmsGatewaySender(IHttpClientFactory clients, IOptions<SmsGatewayOptions> options) : IMessageSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var gateway = options.Value;
        using var http = clients.CreateClient(nameof(SmsGatewaySender));
        using var request = new HttpRequestMessage(HttpMethod.Post, gateway.Url)
        {
            Content = JsonContent.Create(new SmsRequest(message.Recipient, message.Body, message.DedupeKey)),
        };
        if (!string.IsNullOrEmpty(gateway.Username))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue(
                "Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{gateway.Username}:{gateway.Password}")));
        }
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"The SMS gateway answered {(int)response.StatusCode}", null, response.StatusCode);
        }
    }

    private sealed record SmsRequest(
        [property: System.Text.Json.Serialization.JsonPropertyName("to")] string To,
        [property: System.Text.Json.Serialization.JsonPropertyName("message")] string Message,
        [property: System.Text.Json.Serialization.JsonPropertyName("reference")] string Reference);
}
