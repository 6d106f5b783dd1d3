namespace Krr.Grains.Population;

/// <summary>One identifier as Folkeregisteret knows it, keyed by <see cref="ResidentKey"/>.</summary>
[Alias("krr.IResidentGrain")]
public interface IResidentGrain : IGrainWithStringKey
{
    [AlwaysInterleave, Alias("Get")]
    Task<ResidentRecord?> GetAsync();

    /// <summary>
    /// Applies an event about this identifier, with its consequences in KRR (death: the registration is
    /// deleted; identifier change: everything moves to the new identifier), unless its sequence number was
    /// applied before. The consequences are carried out before the sequence number is stored and are
    /// idempotent themselves, so an event interrupted half-way is completed by its replay.
    /// </summary>
    [Alias("Apply")]
    Task<EventOutcome> ApplyAsync(FolkeregisterEvent change);

    /// <summary>The new side of an identifier change: takes over <paramref name="source"/>'s standing.</summary>
    [Alias("TakeOver")]
    Task TakeOverAsync(long sequence, ResidentRecord? source);

    /// <summary>Replaces the record for demo and test data, outside Folkeregisteret's sequence.</summary>
    [Alias("Seed")]
    Task SeedAsync(ResidentRecord record);
}
