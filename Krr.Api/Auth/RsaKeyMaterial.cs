using System.Buffers.Text;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Krr.Api.Auth;

/// <summary>RSA key loading, persistence and RFC 7638 thumbprints, shared by the token issuer and the response signer.</summary>
internal static class RsaKeyMaterial
{
    public const int MinimumKeySize = 2048;

    /// <summary>Imports a private key (PKCS#1 or PKCS#8 PEM). Throws when the text holds no usable private key.</summary>
    public static RSA ImportPrivateKey(string pem, string source)
    {
        var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(NormalizePem(pem));
            _ = rsa.ExportParameters(includePrivateParameters: true);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            rsa.Dispose();
            throw new InvalidOperationException($"{source} does not hold an unencrypted RSA private key in PEM form.", e);
        }

        return CheckSize(rsa, source);
    }

    /// <summary>Imports a public key (SPKI or PKCS#1 PEM, or a certificate); only the public part is kept.</summary>
    public static RSA ImportPublicKey(string pem, string source)
    {
        pem = NormalizePem(pem);
        try
        {
            RSAParameters parameters;
            if (pem.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                using var certificate = X509Certificate2.CreateFromPem(pem);
                using var fromCertificate = certificate.GetRSAPublicKey()
                    ?? throw new InvalidOperationException($"{source}: the certificate has no RSA key.");
                parameters = fromCertificate.ExportParameters(includePrivateParameters: false);
            }
            else
            {
                using var imported = RSA.Create();
                imported.ImportFromPem(pem);
                parameters = imported.ExportParameters(includePrivateParameters: false);
            }

            return CheckSize(RSA.Create(parameters), source);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            throw new InvalidOperationException($"{source} does not hold an RSA public key in PEM form.", e);
        }
    }

    /// <summary>
    /// Loads the private key at <paramref name="path"/>, or generates one and stores it there (mode 0600 on Unix).
    /// Safe against two processes racing to create the file: the loser loads the winner's key.
    /// </summary>
    public static RSA LoadOrCreate(string path, ILogger logger, string purpose)
    {
        if (File.Exists(path))
        {
            logger.LogInformation("Loaded the {Purpose} key from {Path}", purpose, path);
            return ImportPrivateKey(File.ReadAllText(path), path);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var rsa = RSA.Create(MinimumKeySize);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, Encoding.ASCII, options))
        {
            writer.Write(rsa.ExportPkcs8PrivateKeyPem());
        }

        try
        {
            File.Move(temporary, path, overwrite: false);
            logger.LogInformation("Generated a new {Purpose} key and stored it at {Path}", purpose, path);
            return rsa;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            rsa.Dispose();
            return ImportPrivateKey(File.ReadAllText(path), path);
        }
    }

    /// <summary>RFC 7638 JWK SHA-256 thumbprint, base64url: a stable key id.</summary>
    public static string Thumbprint(RSAParameters publicKey)
    {
        var json = $"{{\"e\":\"{Base64Url.EncodeToString(publicKey.Exponent)}\",\"kty\":\"RSA\",\"n\":\"{Base64Url.EncodeToString(publicKey.Modulus)}\"}}";
        return Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(json)));
    }

    /// <summary>Resolves <c>Krr:DataDirectory</c> against the content root; null when the key is not set.</summary>
    public static string? DataDirectory(IConfiguration configuration, IHostEnvironment environment)
    {
        var value = configuration["Krr:DataDirectory"];
        return string.IsNullOrWhiteSpace(value) ? null : Path.GetFullPath(value, environment.ContentRootPath);
    }

    // PEM passed through an environment variable often arrives with literal "\n" sequences.
    private static string NormalizePem(string pem) =>
        pem.Contains('\n') ? pem : pem.Replace("\\n", "\n", StringComparison.Ordinal);

    private static RSA CheckSize(RSA rsa, string source)
    {
        if (rsa.KeySize < MinimumKeySize)
        {
            var size = rsa.KeySize;
            rsa.Dispose();
            throw new InvalidOperationException($"{source}: RSA keys must be at least {MinimumKeySize} bits (got {size}).");
        }

        return rsa;
    }
}
