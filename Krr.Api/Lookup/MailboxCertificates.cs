using Krr.Grains.MailboxProviders;
using Krr.Grains.Persons;

namespace Krr.Api.Lookup;

/// <summary>The certificates of the mailbox providers the records name: those in <c>known</c> as given, one grain call per other distinct provider.</summary>
public static class MailboxCertificates
{
    public static async Task<IReadOnlyDictionary<string, string>> ForAsync(
        IGrainFactory grains, IEnumerable<PersonRecord?> records, IReadOnlyDictionary<string, string?>? known = null)
    {
        var providers = records.Select(r => r?.Mailbox?.ProviderOrg).OfType<string>().Distinct().ToList();
        var certificates = new Dictionary<string, string>(providers.Count);
        foreach (var provider in providers)
        {
            var certificate = known is not null && known.TryGetValue(provider, out var given)
                ? given
                : await grains.GetMailboxProvider(provider).GetCertificateAsync();
            if (certificate is not null)
            {
                certificates[provider] = certificate;
            }
        }
        return certificates;
    }
}
