using Krr.Grains.Messaging;

namespace Krr.Hosting.Messaging;

/// <summary>Routes e-mail and SMS to their own senders.</summary>
public sealed class ChannelMessageSender(IMessageSender email, IMessageSender sms) : IMessageSender
{
    public Task SendAsync(OutboxMessage message, CancellationToken cancellationToken) =>
        (message.Channel == MessageChannel.Email ? email : sms).SendAsync(message, cancellationToken);
}
