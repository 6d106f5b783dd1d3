namespace Krr.Grains.Persons;

/// <summary>The person's digital mailbox: address at the provider and the provider's org number.</summary>
[GenerateSerializer, Immutable, Alias("krr.DigitalMailboxRecord")]
public sealed record DigitalMailboxRecord([property: Id(0)] string Address, [property: Id(1)] string ProviderOrg);
