namespace Krr.Grains.Population;

/// <summary>
/// One validated event from Folkeregisteret. <see cref="Sequence"/> is Folkeregisteret's own, increasing number;
/// <see cref="Municipality"/> is set for birth, immigration and move, <see cref="NewIdentifier"/> for an
/// identifier change.
/// </summary>
[GenerateSerializer, Immutable, Alias("krr.FolkeregisterEvent")]
public sealed record FolkeregisterEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] FolkeregisterEventType Type,
    [property: Id(2)] string Identifier,
    [property: Id(3)] string? Municipality = null,
    [property: Id(4)] string? NewIdentifier = null);
