using System.Collections.Concurrent;

namespace Krr.Grains.MailboxProviders;

/// <summary>
/// The mailbox provider grains active on this silo with their last stored certificate, so the silo-local lookup
/// answers a batch's certificates without a call per provider. A singleton of the silo, kept the way
/// <see cref="Lookup.ActivePersons"/> is (docs/architecture.md, "Certificates from the silo's directory").
/// </summary>
public sealed class ActiveProviders
{
    private readonly ConcurrentDictionary<string, ActiveProvider> _active = new(StringComparer.Ordinal);

    /// <summary>Called by an activation once its state is read; a leftover of an earlier activation is replaced.</summary>
    public ActiveProvider Register(string organizationNumber, string? certificate)
    {
        var entry = new ActiveProvider(certificate);
        _active[organizationNumber] = entry;
        return entry;
    }

    /// <summary>Removes <paramref name="entry"/> only if it is still the one registered, never a later activation's.</summary>
    public void Remove(string organizationNumber, ActiveProvider entry) =>
        _active.TryRemove(new KeyValuePair<string, ActiveProvider>(organizationNumber, entry));

    /// <summary>The entry of a provider active here; false when no activation of it is on this silo.</summary>
    public bool TryGet(string organizationNumber, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out ActiveProvider entry) =>
        _active.TryGetValue(organizationNumber, out entry);
}
