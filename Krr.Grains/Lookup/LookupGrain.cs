using System.Runtime.InteropServices;
using Krr.Grains.Persons;

namespace Krr.Grains.Lookup;

/// <summary>
/// Local to the silo that received the call (stateless worker): persons active on this silo are answered from
/// <see cref="ActivePersons"/>, only the others with a grain call, which activates them here or reaches them where they are.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class LookupGrain(ActivePersons activePersons) : Grain, ILookupGrain
{
    /// <summary>The register's own batch limit; it also bounds the fan-out of one call.</summary>
    public const int MaxBatchSize = 1000;

    async Task<ImmutableArray<PersonRecord?>> ILookupGrain.LookupAsync(ImmutableArray<string> identifiers)
    {
        if (identifiers.Length > MaxBatchSize)
        {
            throw new ArgumentException($"At most {MaxBatchSize} identifiers per lookup, got {identifiers.Length}.", nameof(identifiers));
        }
        var records = new PersonRecord?[identifiers.Length];
        List<(int Index, Task<PersonRecord?> Read)>? reads = null;
        for (var i = 0; i < records.Length; i++)
        {
            if (activePersons.TryGet(identifiers[i], out var active))
            {
                records[i] = active.Record;
            }
            else
            {
                (reads ??= []).Add((i, GrainFactory.GetPerson(identifiers[i]).GetAsync()));
            }
        }
        foreach (var (index, read) in reads ?? [])
        {
            records[index] = await read;
        }
        return ImmutableCollectionsMarshal.AsImmutableArray(records);
    }
}
