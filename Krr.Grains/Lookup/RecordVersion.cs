namespace Krr.Grains.Lookup;

/// <summary>
/// Names one publication of a person's record by one activation: the publishing silo process's random
/// <see cref="Silo"/> id and that process's running <see cref="Sequence"/> number (<see cref="ActivePersons"/>). Two
/// publications never share a version, whatever the person, activation or silo, so a caller holding a version holds
/// exactly the record published with it (docs/architecture.md, "Conditional lookups"). <c>default</c> (sequences
/// start at 1) names nothing: "no record known". A value type, so an entry and a batch of versions need no object each.
/// </summary>
[GenerateSerializer, Immutable, Alias("krr.RecordVersion")]
public readonly record struct RecordVersion([property: Id(0)] Guid Silo, [property: Id(1)] long Sequence);
