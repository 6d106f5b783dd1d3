using Krr.Grains.Messaging;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Krr.Hosting.Messaging;

/// <summary>
/// Sends e-mail with MailKit, one connection per message: codes are few and far between, and a fresh
/// connection never reuses one the server has dropped. TLS is used whenever the server offers it.
/// </summary>
public sealed class SmtpMessageSender(IOptions<SmtpOptions> options) : IMessageSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        var mime = new MimeMessage();
        mime.From.Add(MailboxAddress.Parse(smtp.From));
        mime.To.Add(MailboxAddress.Parse(message.Recipient));
        mime.Subject = message.Subject ?? "";
        mime.Body = new TextPart("plain") { Text = message.Body };
        // Dedupe key as Message-Id: a message sent twice after a crash can be recognised as one by the receiver.
        mime.MessageId = $"{Uri.EscapeDataString(message.DedupeKey)}@krr";

        using var client = new SmtpClient();
        var security = smtp.Port == 465 ? SecureSocketOptions.SslOnConnect : SecureSocketOptions.StartTlsWhenAvailable;
        await client.ConnectAsync(smtp.Host ?? throw new InvalidOperationException($"{SmtpOptions.SectionName}:Host is not set"), smtp.Port, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            await client.AuthenticateAsync(smtp.Username, smtp.Password ?? "", cancellationToken);
        }
        await client.SendAsync(mime, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
