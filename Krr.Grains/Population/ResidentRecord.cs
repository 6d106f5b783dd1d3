namespace Krr.Grains.Population;

/// <summary>
/// What Folkeregisteret says about one identifier. Kept apart from the KRR record: a resident who never
/// registered in KRR has this record and no <see cref="Persons.PersonRecord"/>, and stays IKKE_REGISTRERT.
/// </summary>
[GenerateSerializer, Immutable, Alias("krr.ResidentRecord")]
public sealed record ResidentRecord
{
    [Id(0)] public required string Identifier { get; init; }
    [Id(1)] public required DateOnly BirthDate { get; init; }
    /// <summary>Kommunenummer, four digits; kept after emigration and death as the last known one.</summary>
    [Id(2)] public string? Municipality { get; init; }
    [Id(3)] public ResidentStatus Status { get; init; }
    /// <summary>The identifier that replaced this one, for <see cref="ResidentStatus.Replaced"/>.</summary>
    [Id(4)] public string? ReplacedBy { get; init; }
    /// <summary>The highest Folkeregisteret sequence number applied; lower or equal ones are replays.</summary>
    [Id(5)] public long LastSequence { get; init; }
    [Id(6)] public required DateTimeOffset Updated { get; init; }
}
