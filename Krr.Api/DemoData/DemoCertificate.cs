using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Krr.Api.DemoData;

/// <summary>A self-signed stand-in for a mailbox provider's encryption certificate, so demo lookups show a real <c>sertifikat</c>.</summary>
public static class DemoCertificate
{
    public static string Create(string providerName, DateTimeOffset now)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={providerName} (demo), O=Krr demo", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Cert));
    }
}
