namespace Krr.Grains.Persons;

/// <summary>
/// A validated contact value: <paramref name="Value"/> as it is stored and shown, <paramref name="Normalized"/>
/// the form that decides whether two persons share it (E.164 for mobiles, lower-case IDNA form for e-mail).
/// </summary>
[GenerateSerializer, Immutable, Alias("krr.ContactValue")]
public sealed record ContactValue([property: Id(0)] string Value, [property: Id(1)] string Normalized);
