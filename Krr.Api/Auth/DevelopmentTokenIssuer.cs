using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Krr.Api.Auth;

/// <summary>
/// Issues Maskinporten- and ID-porten-shaped tokens for local runs (issuer <c>krr-dev</c>). Exists only when
/// <c>Krr:Auth:DevelopmentIssuer</c> is on, which is refused in Production. Get it with
/// <see cref="DevelopmentTokenExtensions.GetDevelopmentTokenIssuer"/>.
/// </summary>
public sealed class DevelopmentTokenIssuer
{
    /// <summary>The <c>iss</c> of development tokens.</summary>
    public const string IssuerName = "krr-dev";

    /// <summary>Lifetime when none is given.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromHours(1);

    /// <summary>Longest lifetime handed out.</summary>
    public static readonly TimeSpan MaximumLifetime = TimeSpan.FromHours(24);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private readonly SigningCredentials _credentials;
    private readonly string? _audience;
    private readonly TimeProvider _time;

    internal DevelopmentTokenIssuer(RSA privateKey, string? audience, TimeProvider time)
    {
        var parameters = privateKey.ExportParameters(includePrivateParameters: false);
        KeyId = RsaKeyMaterial.Thumbprint(parameters);
        PublicKey = new RsaSecurityKey(RSA.Create(parameters)) { KeyId = KeyId };
        _credentials = new SigningCredentials(new RsaSecurityKey(privateKey) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);
        _audience = audience;
        _time = time;
    }

    /// <summary>The <c>kid</c> of the signing key (RFC 7638 thumbprint).</summary>
    public string KeyId { get; }

    internal SecurityKey PublicKey { get; }

    /// <summary>A Maskinporten-shaped token: <c>scope</c>, <c>consumer</c> and, when given, <c>supplier</c>.</summary>
    public string CreateAgencyToken(string consumerOrg, IEnumerable<string> scopes, string? supplierOrg = null, TimeSpan? lifetime = null)
    {
        if (!KrrIdentifiers.IsOrganizationNumber(consumerOrg))
        {
            throw new ArgumentException("The consumer must be a 9-digit organisation number.", nameof(consumerOrg));
        }

        if (supplierOrg is not null && !KrrIdentifiers.IsOrganizationNumber(supplierOrg))
        {
            throw new ArgumentException("The supplier must be a 9-digit organisation number.", nameof(supplierOrg));
        }

        var claims = new Dictionary<string, object>
        {
            [KrrClaims.Scope] = JoinScopes(scopes),
            [KrrClaims.Consumer] = Organization(consumerOrg),
            ["client_id"] = "krr-dev-client",
            ["token_type"] = "Bearer",
        };
        if (supplierOrg is not null)
        {
            claims[KrrClaims.Supplier] = Organization(supplierOrg);
        }

        return Create(claims, lifetime);
    }

    /// <summary>An ID-porten-shaped token: <c>pid</c> and <c>scope</c>.</summary>
    public string CreateCitizenToken(string pid, IEnumerable<string> scopes, TimeSpan? lifetime = null)
    {
        if (!KrrIdentifiers.IsPersonIdentifier(pid))
        {
            throw new ArgumentException("The pid must be an 11-digit person identifier.", nameof(pid));
        }

        var claims = new Dictionary<string, object>
        {
            [KrrClaims.Scope] = JoinScopes(scopes),
            [KrrClaims.Pid] = pid,
            ["acr"] = "idporten-loa-substantial",
            ["client_id"] = "krr-dev-client",
        };
        return Create(claims, lifetime);
    }

    /// <summary>Signs arbitrary claims as <c>krr-dev</c>; the issuer, audience and times are set here.</summary>
    internal string Create(Dictionary<string, object> claims, TimeSpan? lifetime)
    {
        var span = lifetime ?? DefaultLifetime;
        if (span <= TimeSpan.Zero || span > MaximumLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), span, $"The lifetime must be above zero and at most {MaximumLifetime}.");
        }

        var now = _time.GetUtcNow().UtcDateTime;
        claims["jti"] = Guid.NewGuid().ToString("N");
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = IssuerName,
            Audience = _audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + span,
            Claims = claims,
            SigningCredentials = _credentials,
        });
    }

    private static string JoinScopes(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var list = scopes.Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (list.Any(s => s.Contains(' ', StringComparison.Ordinal)))
        {
            throw new ArgumentException("A scope must not contain spaces.", nameof(scopes));
        }

        return string.Join(' ', list);
    }

    private static Dictionary<string, object> Organization(string org) => new()
    {
        ["authority"] = KrrIdentifiers.Iso6523Authority,
        ["ID"] = KrrIdentifiers.NorwegianOrgIcdPrefix + org,
    };
}

/// <summary>Creates the development issuer on first use, or holds null when it is disabled.</summary>
internal sealed class DevelopmentIssuerHolder
{
    public DevelopmentIssuerHolder(
        Microsoft.Extensions.Options.IOptions<KrrAuthOptions> options,
        IConfiguration configuration,
        IHostEnvironment environment,
        TimeProvider time,
        ILogger<DevelopmentTokenIssuer> logger)
    {
        var auth = options.Value; // validation runs here: a development issuer in Production throws
        if (!auth.DevelopmentIssuerEnabled)
        {
            return;
        }

        var directory = RsaKeyMaterial.DataDirectory(configuration, environment);
        var key = directory is null
            ? RSA.Create(RsaKeyMaterial.MinimumKeySize)
            : RsaKeyMaterial.LoadOrCreate(Path.Combine(directory, "dev-issuer.pem"), logger, "development token issuer");
        Issuer = new DevelopmentTokenIssuer(key, auth.RequiredAudience, time);
        logger.LogWarning(
            "The development token issuer '{Issuer}' is enabled: anyone who can reach POST /dev/token can obtain tokens. Never enable it outside development",
            DevelopmentTokenIssuer.IssuerName);
    }

    public DevelopmentTokenIssuer? Issuer { get; }
}
