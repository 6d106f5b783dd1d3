using Krr.Grains.Messaging;

namespace Krr.Hosting.Messaging;

/// <summary>
/// The delivery channel of a local run: prints the message, code included, so a person can finish the flow on
/// one machine. It writes to <see cref="Console.Out"/> directly, not through ILogger, because the log stream is
/// masked and shipped elsewhere; this text is the delivery itself and must be readable.
/// </summary>
public sealed class ConsoleMessageSender : IMessageSender
{
    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var channel = message.Channel == MessageChannel.Sms ? "SMS" : "E-post";
        await Console.Out.WriteLineAsync($"[KRR {channel} til {message.Recipient}] {message.Subject}{(message.Subject is null ? "" : ": ")}{message.Body}".AsMemory(), cancellationToken);
    }
}
