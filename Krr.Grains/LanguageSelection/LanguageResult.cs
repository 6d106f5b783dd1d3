namespace Krr.Grains.LanguageSelection;

/// <summary>The outcome for one person and the language the person has afterwards.</summary>
[GenerateSerializer, Immutable, Alias("krr.LanguageResult")]
public sealed record LanguageResult([property: Id(0)] LanguageOutcome Outcome, [property: Id(1)] string Language);
