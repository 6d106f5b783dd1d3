namespace Krr.Grains.Lookup;

/// <summary>
/// A batch lookup's answer: the records (see <see cref="ILookupGrain.LookupAsync"/>) and, when asked for, the
/// certificates of the mailbox providers the silo saw named by the batch's current records (null: the provider has none).
/// A provider named only by a record the silo answered "unchanged" for without seeing it (a person active on another
/// silo) may be missing; the caller reads those from the provider.
/// </summary>
[GenerateSerializer, Immutable, Alias("krr.LookupReply")]
public sealed record LookupReply(
    [property: Id(0)] ImmutableArray<VersionedRecord?> Records,
    [property: Id(1)] ImmutableDictionary<string, string?> Certificates);
