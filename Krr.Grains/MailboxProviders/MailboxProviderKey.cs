namespace Krr.Grains.MailboxProviders;

/// <summary>Grain keys for mailbox providers; the prefix keeps the all-digit org number from becoming an integer key.</summary>
public static class MailboxProviderKey
{
    public static string For(string organizationNumber) => "provider:" + organizationNumber;

    public static IMailboxProviderGrain GetMailboxProvider(this IGrainFactory grains, string organizationNumber) =>
        grains.GetGrain<IMailboxProviderGrain>(For(organizationNumber));
}
