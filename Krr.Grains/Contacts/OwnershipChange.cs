namespace Krr.Grains.Contacts;

/// <summary>
/// The outcome of adding or removing an owner: whether the value is now shared, and the other owners whose
/// flag flipped because of it (only when the value goes from one owner to two, or from two to one).
/// </summary>
[GenerateSerializer, Immutable, Alias("krr.OwnershipChange")]
public sealed record OwnershipChange([property: Id(0)] bool Shared, [property: Id(1)] ImmutableArray<string> OwnersToNotify);
