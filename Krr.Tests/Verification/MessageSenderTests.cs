using System.Buffers;
using System.Net;
using System.Text.Json.Nodes;
using Krr.Grains.Messaging;
using Krr.Hosting;
using Krr.Hosting.Messaging;
using Krr.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace Krr.Tests.Verification;

/// <summary>The real senders against real servers on loopback: an SMTP server (SmtpServer package) and a Kestrel SMS gateway.</summary>
public sealed class MessageSenderTests
{
    [Fact]
    public async Task The_SMTP_sender_delivers_to_a_real_SMTP_server()
    {
        var port = FreePort.Next();
        var store = new CapturingStore();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(store);
        var server = new SmtpServer.SmtpServer(
            new SmtpServerOptionsBuilder().ServerName("localhost").Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port))).Build(),
            services);
        using var stop = new CancellationTokenSource();
        var running = server.StartAsync(stop.Token);
        try
        {
            // Through the registration the silo uses, so the configuration keys are what selects SMTP.
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                [KrrConfigurationKeys.SmtpHost] = "127.0.0.1",
                [KrrConfigurationKeys.SmtpPort] = port.ToString(),
                [KrrConfigurationKeys.SmtpFrom] = "ikkje-svar@kontaktregisteret.no",
            }).Build();
            await using var provider = new ServiceCollection().AddKrrOutboxDispatcher(configuration).BuildServiceProvider();
            var sender = provider.GetRequiredService<IMessageSender>();
            var message = new OutboxMessage("otp:person:epost:1", MessageChannel.Email, "ærlig.ørken@å.no", "Verifikasjonskode", "Koden din er 123456");

            await sender.SendAsync(message, CancellationToken.None);

            var received = Assert.Single(store.Messages);
            Assert.Equal("ærlig.ørken@å.no", ((MailboxAddress)received.To.Single()).Address);
            Assert.Equal("ikkje-svar@kontaktregisteret.no", ((MailboxAddress)received.From.Single()).Address);
            Assert.Equal("Verifikasjonskode", received.Subject);
            Assert.Contains("Koden din er 123456", received.TextBody);
        }
        finally
        {
            await stop.CancelAsync();
            await running.ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [Fact]
    public async Task The_SMS_gateway_sender_posts_to_the_gateway_with_basic_authentication_and_fails_on_an_error_answer()
    {
        var received = new List<(string? Authorization, JsonNode Body)>();
        var status = StatusCodes.Status202Accepted;
        await using var gateway = await LoopbackGateway.StartAsync(async http =>
        {
            received.Add((http.Request.Headers.Authorization.ToString(), (await JsonNode.ParseAsync(http.Request.Body))!));
            http.Response.StatusCode = status;
        });
        await using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var sender = new SmsGatewaySender(services.GetRequiredService<IHttpClientFactory>(), Options.Create(new SmsGatewayOptions { Url = gateway.Url, Username = "krr", Password = "hemmelig" }));
        var message = new OutboxMessage("otp:person:mobil:1", MessageChannel.Sms, "+4798765432", null, "Koden din er 123456");

        await sender.SendAsync(message, CancellationToken.None);
        status = StatusCodes.Status503ServiceUnavailable;
        await Assert.ThrowsAsync<HttpRequestException>(() => sender.SendAsync(message, CancellationToken.None));

        Assert.Equal(2, received.Count);
        Assert.Equal("Basic a3JyOmhlbW1lbGln", received[0].Authorization);
        Assert.Equal("+4798765432", (string?)received[0].Body["to"]);
        Assert.Equal("Koden din er 123456", (string?)received[0].Body["message"]);
        Assert.Equal("otp:person:mobil:1", (string?)received[0].Body["reference"]);
    }

    private sealed class CapturingStore : MessageStore
    {
        private readonly System.Collections.Concurrent.ConcurrentQueue<MimeMessage> _messages = new();

        public IReadOnlyList<MimeMessage> Messages => [.. _messages];

        public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            using var stream = new MemoryStream(buffer.ToArray());
            _messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
