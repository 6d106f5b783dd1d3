using System.Security.Claims;
using BitFaster.Caching.Lru;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Krr.Api.Auth;

/// <summary>
/// The JWT bearer scheme's token handler: validates as <see cref="JsonWebTokenHandler"/> does, and remembers each token it
/// found valid until the token's expiry (plus the allowed clock skew, as the lifetime check counts it), so an agency
/// sending the same Maskinporten token with every lookup pays for its signature check, parsing and claims once, not per
/// request (about a tenth of a single-person lookup's CPU). Keyed by the whole token string (header, claims and signature,
/// compared ordinally), so a hit is the very token validated; what the validation depends on besides the token is fixed
/// for the process (the issuers' keys and audience are read at startup) except the time, which is checked on every hit
/// with the system clock, which the validation reads too. Failures are never remembered. Each hit gets its own copy of the identity, so one
/// request cannot change another's claims.
/// </summary>
internal sealed class ValidatedTokens : JsonWebTokenHandler
{
    /// <summary>Distinct tokens remembered (least recently used go first): a token is about 1 KB with its claims.</summary>
    internal const int Capacity = 10_000;

    private readonly FastConcurrentLru<string, Validated> _valid = new(Environment.ProcessorCount, Capacity, StringComparer.Ordinal);

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        ArgumentNullException.ThrowIfNull(validationParameters);
        // The clock the lifetime check reads (the parameters' own is internal and the system's).
        var now = TimeProvider.System.GetUtcNow().UtcDateTime;
        if (token is not null && _valid.TryGet(token, out var known))
        {
            if (now <= known.ValidUntil)
            {
                return known.Copy();
            }
            _valid.TryRemove(token);
        }
        var result = await base.ValidateTokenAsync(token!, validationParameters);
        if (result is { IsValid: true, ClaimsIdentity: { } identity, SecurityToken: { ValidTo: var expires } } && expires != DateTime.MinValue && validationParameters.ValidateLifetime)
        {
            // The lifetime check refuses a token once its expiry lies more than the skew behind the clock.
            _valid.AddOrUpdate(token!, new Validated(identity.Clone(), result.SecurityToken, result.Issuer, result.TokenType, expires + validationParameters.ClockSkew));
        }
        return result;
    }

    private sealed record Validated(ClaimsIdentity Identity, SecurityToken Token, string Issuer, string TokenType, DateTime ValidUntil)
    {
        public TokenValidationResult Copy() => new()
        {
            IsValid = true,
            ClaimsIdentity = Identity.Clone(),
            SecurityToken = Token,
            Issuer = Issuer,
            TokenType = TokenType,
        };
    }
}
