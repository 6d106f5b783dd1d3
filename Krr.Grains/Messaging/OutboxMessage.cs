namespace Krr.Grains.Messaging;

/// <summary>
/// A message to a citizen. <paramref name="DedupeKey"/> names the event it reports (for example
/// <c>warn16:&lt;person&gt;:email:&lt;date&gt;</c>): enqueuing the same key twice stores and sends it once.
/// </summary>
public sealed record OutboxMessage(string DedupeKey, MessageChannel Channel, string Recipient, string? Subject, string Body);
