using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Krr.Tests.Infrastructure;

/// <summary>
/// A token issuer the tests own, standing in for Maskinporten and ID-porten: the API under test trusts its
/// public key through ordinary configuration (<c>Krr:Auth:Issuers</c>), exactly as it would trust the real ones.
/// </summary>
public sealed class TestTokens
{
    public const string DefaultIssuer = "krr-test-issuer";
    private readonly RSA _key = RSA.Create(2048);
    private readonly SigningCredentials _credentials;

    /// <param name="issuer">Another issuer name makes an issuer the API does not trust.</param>
    public TestTokens(string issuer = DefaultIssuer)
    {
        Issuer = issuer;
        _credentials = new SigningCredentials(new RsaSecurityKey(_key) { KeyId = "test" }, SecurityAlgorithms.RsaSha256);
    }

    public string Issuer { get; }

    public string PublicKeyPem => _key.ExportSubjectPublicKeyInfoPem();

    /// <summary>Configuration entries that make the API trust this issuer.</summary>
    public IEnumerable<KeyValuePair<string, string>> Configuration =>
    [
        new("Krr:Auth:Issuers:0:Issuer", Issuer),
        new("Krr:Auth:Issuers:0:PublicKeyPem", PublicKeyPem),
    ];

    public string Agency(string consumerOrg, params string[] scopes) => Create(scopes, consumerOrg, supplierOrg: null, pid: null, lifetime: TimeSpan.FromMinutes(10));

    public string Supplier(string consumerOrg, string supplierOrg, params string[] scopes) =>
        Create(scopes, consumerOrg, supplierOrg, pid: null, lifetime: TimeSpan.FromMinutes(10));

    public string Citizen(string pid, params string[] scopes) => Create(scopes, consumerOrg: null, supplierOrg: null, pid, lifetime: TimeSpan.FromMinutes(10));

    public string ExpiredAgency(string consumerOrg, params string[] scopes) =>
        Create(scopes, consumerOrg, supplierOrg: null, pid: null, lifetime: TimeSpan.FromMinutes(-10));

    private string Create(string[] scopes, string? consumerOrg, string? supplierOrg, string? pid, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["scope"] = string.Join(' ', scopes) };
        if (consumerOrg is not null)
        {
            claims["consumer"] = Organisation(consumerOrg);
        }
        if (supplierOrg is not null)
        {
            claims["supplier"] = Organisation(supplierOrg);
        }
        if (pid is not null)
        {
            claims["pid"] = pid;
        }
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            IssuedAt = now.Add(lifetime) < now ? now.Add(lifetime).AddMinutes(-1) : now,
            NotBefore = now.Add(lifetime) < now ? now.Add(lifetime).AddMinutes(-1) : now.AddSeconds(-5),
            Expires = now.Add(lifetime),
            Claims = claims,
            SigningCredentials = _credentials,
            Subject = new ClaimsIdentity(),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    private static Dictionary<string, object> Organisation(string org) =>
        new() { ["authority"] = "iso6523-actorid-upis", ["ID"] = $"0192:{org}" };
}
