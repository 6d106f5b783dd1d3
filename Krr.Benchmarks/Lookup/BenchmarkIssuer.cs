using System.Security.Cryptography;
using Krr.Api.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Krr.Benchmarks.Lookup;

/// <summary>The token issuer both services trust (<c>Krr:Auth:Issuers</c>); one agency token with both read scopes.</summary>
public sealed class BenchmarkIssuer : IDisposable
{
    public const string Name = "krr-bench-issuer";
    private readonly RSA _key = RSA.Create(2048);

    public RsaSecurityKey SigningKey => new(_key) { KeyId = "bench" };

    public IEnumerable<KeyValuePair<string, string?>> Configuration =>
    [
        new("Krr:Auth:Issuers:0:Issuer", Name),
        new("Krr:Auth:Issuers:0:PublicKeyPem", _key.ExportSubjectPublicKeyInfoPem()),
    ];

    /// <summary>An agency (consumer organisation <paramref name="consumerOrg"/>) token valid for an hour.</summary>
    public string AgencyToken(string consumerOrg) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Name,
        Expires = DateTime.UtcNow.AddHours(1),
        Claims = new Dictionary<string, object>
        {
            ["scope"] = $"{KrrScopes.ContactRead} {KrrScopes.MailboxRead}",
            ["consumer"] = new Dictionary<string, object> { ["authority"] = "iso6523-actorid-upis", ["ID"] = $"0192:{consumerOrg}" },
        },
        SigningCredentials = new SigningCredentials(SigningKey, SecurityAlgorithms.RsaSha256),
    });

    public void Dispose() => _key.Dispose();
}
