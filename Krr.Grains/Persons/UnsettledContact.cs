namespace Krr.Grains.Persons;

/// <summary>
/// A contact value whose owner set (<see cref="Contacts.IContactOwnersGrain"/>) or whose other owners' duplicate flags
/// may not yet reflect this person's stored record: stored with the record, cleared once settled.
/// </summary>
[GenerateSerializer, Immutable, Alias("krr.UnsettledContact")]
public sealed record UnsettledContact([property: Id(0)] ContactChannel Channel, [property: Id(1)] string Normalized);
