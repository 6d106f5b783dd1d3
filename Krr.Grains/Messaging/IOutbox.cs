namespace Krr.Grains.Messaging;

/// <summary>The durable outbox (SPEC §6.1): a message enqueued here is stored before the call returns and sent at least once.</summary>
public interface IOutbox
{
    /// <summary>Stores the message; false when a message with the same dedupe key was stored before.</summary>
    Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default);
}
