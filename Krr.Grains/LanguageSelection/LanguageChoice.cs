namespace Krr.Grains.LanguageSelection;

/// <summary>One pair of an agency's language batch: a person and the language to give them if they have none.</summary>
[GenerateSerializer, Immutable, Alias("krr.LanguageChoice")]
public sealed record LanguageChoice([property: Id(0)] string Identifier, [property: Id(1)] string Language);
