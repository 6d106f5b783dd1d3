namespace Krr.Grains.LanguageSelection;

/// <summary>
/// Applies an agency's language batch inside the silo, one message per batch, like <see cref="Lookup.ILookupGrain"/>.
/// </summary>
[Alias("krr.ILanguageBatchGrain")]
public interface ILanguageBatchGrain : IGrainWithIntegerKey
{
    /// <summary>The result per choice, in the same order. Identifiers must be distinct and valid; languages valid codes.</summary>
    [Alias("SetUnsetLanguages")]
    Task<ImmutableArray<LanguageResult>> SetUnsetLanguagesAsync(ImmutableArray<LanguageChoice> choices);
}
