using Krr.Grains.Persons;

namespace Krr.Grains.Lookup;

/// <summary>
/// Answers a batch lookup inside the silo: the API sends one message per batch and the fan-out to the person
/// grains happens next to them, not across the client connection.
/// </summary>
[Alias("krr.ILookupGrain")]
public interface ILookupGrain : IGrainWithIntegerKey
{
    /// <summary>The records of <paramref name="identifiers"/> in the same order; null for persons never registered.</summary>
    [Alias("Lookup")]
    Task<ImmutableArray<PersonRecord?>> LookupAsync(ImmutableArray<string> identifiers);
}
