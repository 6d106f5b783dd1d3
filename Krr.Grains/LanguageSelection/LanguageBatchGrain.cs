using Krr.Grains.Lookup;
using Krr.Grains.Persons;

namespace Krr.Grains.LanguageSelection;

[StatelessWorker, Reentrant]
public sealed class LanguageBatchGrain : Grain, ILanguageBatchGrain
{
    async Task<ImmutableArray<LanguageResult>> ILanguageBatchGrain.SetUnsetLanguagesAsync(ImmutableArray<LanguageChoice> choices)
    {
        if (choices.Length > LookupGrain.MaxBatchSize)
        {
            throw new ArgumentException($"At most {LookupGrain.MaxBatchSize} pairs per batch, got {choices.Length}.", nameof(choices));
        }
        return [.. await Task.WhenAll(choices.Select(c => GrainFactory.GetPerson(c.Identifier).SetLanguageIfUnsetAsync(c.Language)))];
    }
}
