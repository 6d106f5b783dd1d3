using Krr.Grains.Persons;

namespace Krr.Grains.Lookup;

[StatelessWorker, Reentrant]
public sealed class LookupGrain : Grain, ILookupGrain
{
    /// <summary>The register's own batch limit; it also bounds the fan-out of one call.</summary>
    public const int MaxBatchSize = 1000;

    async Task<ImmutableArray<PersonRecord?>> ILookupGrain.LookupAsync(ImmutableArray<string> identifiers)
    {
        if (identifiers.Length > MaxBatchSize)
        {
            throw new ArgumentException($"At most {MaxBatchSize} identifiers per lookup, got {identifiers.Length}.", nameof(identifiers));
        }
        var reads = new Task<PersonRecord?>[identifiers.Length];
        for (var i = 0; i < reads.Length; i++)
        {
            reads[i] = GrainFactory.GetPerson(identifiers[i]).GetAsync();
        }
        return [.. await Task.WhenAll(reads)];
    }
}
