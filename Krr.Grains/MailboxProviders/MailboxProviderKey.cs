namespace Krr.Grains.MailboxProviders;

/// <summary>Grain keys for mailbox providers; the prefix keeps the all-digit org number from becoming an integer key.</summary>
public static class MailboxProviderKey
{
    private const string Prefix = "provider:";

    public static string For(string organizationNumber) => Prefix + organizationNumber;

    public static string OrganizationNumberOf(string key) =>
        key.StartsWith(Prefix, StringComparison.Ordinal) ? key[Prefix.Length..] : throw new ArgumentException($"Not a mailbox provider key: {key}");

    public static IMailboxProviderGrain GetMailboxProvider(this IGrainFactory grains, string organizationNumber) =>
        grains.GetGrain<IMailboxProviderGrain>(For(organizationNumber));
}
