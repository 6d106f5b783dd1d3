namespace Krr.Grains.Lookup;

/// <summary>
/// Answers a batch lookup inside the silo: the API sends one message per batch and the fan-out to the person
/// grains happens next to them, not across the client connection.
/// </summary>
[Alias("krr.ILookupGrain")]
public interface ILookupGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// The records of <paramref name="identifiers"/> in the same order, each with its version, except where the caller
    /// already holds the current one: null where <paramref name="known"/> (empty, or one version per identifier,
    /// <c>default</c> for none) names the person's current publication. With <paramref name="certificates"/>, also the
    /// certificates of the mailbox providers the records name (<see cref="LookupReply.Certificates"/>).
    /// </summary>
    [Alias("LookupWithCertificates")]
    Task<LookupReply> LookupAsync(ImmutableArray<string> identifiers, ImmutableArray<RecordVersion> known, bool certificates);
}
