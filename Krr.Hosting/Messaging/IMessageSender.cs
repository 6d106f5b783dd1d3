using Krr.Grains.Messaging;

namespace Krr.Hosting.Messaging;

/// <summary>Delivers one outbox message; throws when it was not delivered, so the dispatcher retries it.</summary>
public interface IMessageSender
{
    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}
