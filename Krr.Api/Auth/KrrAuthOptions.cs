namespace Krr.Api.Auth;

/// <summary>Bound from <c>Krr:Auth</c> (docs/architecture.md).</summary>
public sealed class KrrAuthOptions
{
    public const string SectionName = "Krr:Auth";

    /// <summary><c>Krr:Auth:Issuers:N:Issuer</c> / <c>Krr:Auth:Issuers:N:PublicKeyPem</c>.</summary>
    public List<KrrIssuerOptions> Issuers { get; set; } = [];

    /// <summary><c>Krr:Auth:Audience</c>: required <c>aud</c> when set.</summary>
    public string? Audience { get; set; }

    /// <summary><c>Krr:Auth:DevelopmentIssuer</c>: when unset, true only in the Development environment.</summary>
    public bool? DevelopmentIssuer { get; set; }

    internal bool DevelopmentIssuerEnabled => DevelopmentIssuer == true;

    internal string? RequiredAudience => string.IsNullOrWhiteSpace(Audience) ? null : Audience;
}

/// <summary>One trusted token issuer and its RSA public key.</summary>
public sealed class KrrIssuerOptions
{
    public string? Issuer { get; set; }

    public string? PublicKeyPem { get; set; }
}
