namespace Krr.Grains.MailboxProviders;

/// <summary>
/// A digital mailbox provider (Digipost, e-Boks). The encryption certificate belongs to the provider, not to
/// each person, so lookups take it from here (krr-reference.md §2.5).
/// </summary>
[Alias("krr.IMailboxProviderGrain")]
public interface IMailboxProviderGrain : IGrainWithStringKey
{
    /// <summary>The provider's X.509 certificate, base64 DER, or null when none is registered.</summary>
    [ReadOnly, Alias("GetCertificate")]
    Task<string?> GetCertificateAsync();

    [Alias("SetCertificate")]
    Task SetCertificateAsync(string certificate);
}
