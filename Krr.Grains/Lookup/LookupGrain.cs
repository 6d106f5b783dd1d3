using System.Runtime.InteropServices;
using Krr.Grains.MailboxProviders;
using Krr.Grains.Persons;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Krr.Grains.Lookup;

/// <summary>
/// Local to the silo that received the call (stateless worker): persons active on this silo are answered from
/// <see cref="ActivePersons"/>; a person not active here, not read by this silo within its collection age and of whom the
/// caller holds no record (it did not look the person up before) is answered from its stored state without an activation
/// (<see cref="StoredPersons"/>: a sweep's persons); the others with a grain call, which activates them here or reaches
/// them where they are (docs/architecture.md, "Cold lookups without activation").
/// A person answered from the directory is sent <see cref="IPersonGrain.StillUsedAsync"/> once per half of its collection
/// age, so the silo does not collect it as idle while it is being looked up. Certificates come the same way, from
/// <see cref="ActiveProviders"/>, or from a call to a provider not active here.
/// </summary>
[StatelessWorker, Reentrant]
public sealed class LookupGrain(
    ActivePersons activePersons,
    ActiveProviders activeProviders,
    StoredPersons storedPersons,
    RecentDirectReads directReads,
    IOptions<GrainCollectionOptions> collection)
    : Grain, ILookupGrain
{
    /// <summary>The register's own batch limit; it also bounds the fan-out of one call.</summary>
    public const int MaxBatchSize = 1000;

    private readonly long _useInterval = (long)(PersonGrain.CollectionAgeIn(collection.Value).TotalMilliseconds / 2);

    async Task<LookupReply> ILookupGrain.LookupAsync(ImmutableArray<string> identifiers, ImmutableArray<RecordVersion> known, bool certificates)
    {
        if (identifiers.Length > MaxBatchSize)
        {
            throw new ArgumentException($"At most {MaxBatchSize} identifiers per lookup, got {identifiers.Length}.", nameof(identifiers));
        }
        if (!known.IsDefaultOrEmpty && known.Length != identifiers.Length)
        {
            throw new ArgumentException($"One known version per identifier or none; got {known.Length} for {identifiers.Length}.", nameof(known));
        }
        var answers = new VersionedRecord?[identifiers.Length];
        var now = Environment.TickCount64;
        List<(int Index, Task<VersionedRecord?> Read)>? reads = null;
        List<(int Index, Task<PersonState> Read)>? stored = null;
        // The providers the batch's current records name, as far as this silo sees them.
        HashSet<string>? providers = certificates ? new(StringComparer.Ordinal) : null;
        for (var i = 0; i < answers.Length; i++)
        {
            var version = known.IsDefaultOrEmpty ? default : known[i];
            if (activePersons.TryGet(identifiers[i], out var active))
            {
                var published = active.Published;
                answers[i] = published.IfChanged(version);
                AddProvider(providers, published.Record);
                if (active.TakeUse(now, _useInterval))
                {
                    GrainFactory.GetPerson(identifiers[i]).StillUsedAsync().Ignore();
                }
            }
            else if (version == default && directReads.TakeFirst(identifiers[i], now))
            {
                (stored ??= []).Add((i, storedPersons.ReadAsync(identifiers[i])));
            }
            else
            {
                (reads ??= []).Add((i, GrainFactory.GetPerson(identifiers[i]).GetIfChangedAsync(version)));
            }
        }
        foreach (var (index, read) in stored ?? [])
        {
            var state = await read;
            if (state.Unsettled.IsEmpty)
            {
                answers[index] = activePersons.Stamp(state.Record);
                AddProvider(providers, state.Record);
            }
            else
            {
                // A change left unsettled is settled by an activation (it settles when activated), so the person gets one.
                (reads ??= []).Add((index, GrainFactory.GetPerson(identifiers[index]).GetIfChangedAsync(default)));
            }
        }
        foreach (var (index, read) in reads ?? [])
        {
            answers[index] = await read;
            AddProvider(providers, answers[index]?.Record);
        }
        return new LookupReply(ImmutableCollectionsMarshal.AsImmutableArray(answers), await CertificatesAsync(providers));
    }

    private static void AddProvider(HashSet<string>? providers, PersonRecord? record)
    {
        if (providers is not null && record?.Mailbox?.ProviderOrg is { } provider)
        {
            providers.Add(provider);
        }
    }

    /// <summary>
    /// Each provider's certificate from its activation's entry on this silo, which is what a call would answer
    /// (docs/architecture.md, "Certificates from the silo's directory"), or from a call where it is not active here.
    /// </summary>
    private async Task<ImmutableDictionary<string, string?>> CertificatesAsync(HashSet<string>? providers)
    {
        if (providers is null || providers.Count == 0)
        {
            return ImmutableDictionary<string, string?>.Empty;
        }
        var certificates = ImmutableDictionary.CreateBuilder<string, string?>(StringComparer.Ordinal);
        foreach (var provider in providers)
        {
            certificates[provider] = activeProviders.TryGet(provider, out var active)
                ? active.Certificate
                : await GrainFactory.GetMailboxProvider(provider).GetCertificateAsync();
        }
        return certificates.ToImmutable();
    }
}
