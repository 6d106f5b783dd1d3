using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Krr.Api.Auth;

/// <summary>Trusted issuers and their keys. Each key is bound to its issuer: a key is only ever tried for its own <c>iss</c>.</summary>
internal sealed class KrrIssuerKeys
{
    private readonly Dictionary<string, SecurityKey[]> _keys;

    public KrrIssuerKeys(IOptions<KrrAuthOptions> options, DevelopmentIssuerHolder development, ILogger<KrrIssuerKeys> logger)
    {
        var byIssuer = new Dictionary<string, List<SecurityKey>>(StringComparer.Ordinal);
        var configured = options.Value.Issuers;
        for (var i = 0; i < configured.Count; i++)
        {
            var rsa = RsaKeyMaterial.ImportPublicKey(configured[i].PublicKeyPem!, $"Krr:Auth:Issuers:{i}:PublicKeyPem");
            var key = new RsaSecurityKey(rsa) { KeyId = RsaKeyMaterial.Thumbprint(rsa.ExportParameters(false)) };
            Add(byIssuer, configured[i].Issuer!, key);
        }

        if (development.Issuer is { } dev)
        {
            Add(byIssuer, DevelopmentTokenIssuer.IssuerName, dev.PublicKey);
        }

        _keys = byIssuer.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
        if (_keys.Count == 0)
        {
            logger.LogWarning("No token issuers are configured (Krr:Auth:Issuers); every authenticated request will be refused");
        }
    }

    public IReadOnlyCollection<string> Issuers => _keys.Keys;

    public IReadOnlyList<SecurityKey> KeysFor(string? issuer) =>
        issuer is not null && _keys.TryGetValue(issuer, out var keys) ? keys : [];

    /// <summary>For <see cref="TokenValidationParameters.IssuerSigningKeyResolver"/>: only the keys of the token's own issuer.</summary>
    public IEnumerable<SecurityKey> Resolve(string token, SecurityToken securityToken, string kid, TokenValidationParameters parameters)
    {
        var keys = KeysFor(securityToken.Issuer);
        if (keys.Count == 0)
        {
            throw new SecurityTokenInvalidIssuerException("The token's issuer is not trusted.")
            {
                InvalidIssuer = securityToken.Issuer,
            };
        }

        return keys;
    }

    /// <summary>Defence in depth for <see cref="TokenValidationParameters.IssuerSigningKeyValidator"/>.</summary>
    public bool IsKeyOfIssuer(SecurityKey key, SecurityToken token, TokenValidationParameters parameters) =>
        KeysFor(token.Issuer).Contains(key);

    private static void Add(Dictionary<string, List<SecurityKey>> byIssuer, string issuer, SecurityKey key)
    {
        if (!byIssuer.TryGetValue(issuer, out var list))
        {
            byIssuer[issuer] = list = [];
        }

        list.Add(key);
    }
}
