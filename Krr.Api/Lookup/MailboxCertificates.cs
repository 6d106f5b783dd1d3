using Krr.Grains.MailboxProviders;
using Krr.Grains.Persons;

namespace Krr.Api.Lookup;

/// <summary>The certificates of the mailbox providers the records name, one grain call per distinct provider.</summary>
public static class MailboxCertificates
{
    public static async Task<IReadOnlyDictionary<string, string>> ForAsync(IGrainFactory grains, IEnumerable<PersonRecord?> records)
    {
        var providers = records.Select(r => r?.Mailbox?.ProviderOrg).OfType<string>().Distinct().ToList();
        var certificates = new Dictionary<string, string>(providers.Count);
        foreach (var provider in providers)
        {
            if (await grains.GetMailboxProvider(provider).GetCertificateAsync() is { } certificate)
            {
                certificates[provider] = certificate;
            }
        }
        return certificates;
    }
}
