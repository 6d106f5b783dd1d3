using System.Security.Claims;
using System.Security.Cryptography;
using Krr.Api.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Krr.Tests.Auth;

/// <summary>The bearer scheme remembers tokens it found valid, and a remembered token is still refused once expired or altered.</summary>
public class ValidatedTokensTests
{
    private const string Issuer = "https://issuer.test/";
    private static readonly RsaSecurityKey Key = new(RSA.Create(2048)) { KeyId = "test" };

    [Fact]
    public async Task A_token_validated_again_gets_its_own_copy_of_the_same_claims()
    {
        var tokens = new ValidatedTokens();
        var token = Token(DateTime.UtcNow.AddMinutes(5));

        var first = await tokens.ValidateTokenAsync(token, Parameters(TimeSpan.FromSeconds(30)));
        var second = await tokens.ValidateTokenAsync(token, Parameters(TimeSpan.FromSeconds(30)));

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.NotSame(first.ClaimsIdentity, second.ClaimsIdentity);
        Assert.Equal(Claims(first.ClaimsIdentity), Claims(second.ClaimsIdentity));
        second.ClaimsIdentity.AddClaim(new Claim("added", "by one request"));
        var third = await tokens.ValidateTokenAsync(token, Parameters(TimeSpan.FromSeconds(30)));
        Assert.Null(third.ClaimsIdentity.FindFirst("added"));
    }

    [Fact]
    public async Task A_remembered_token_is_refused_once_its_expiry_and_the_skew_have_passed()
    {
        var tokens = new ValidatedTokens();
        // Expired a second ago, within a skew of two seconds: valid for one more second.
        var token = Token(DateTime.UtcNow.AddSeconds(-1));
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters(TimeSpan.FromSeconds(2)))).IsValid);

        await Task.Delay(TimeSpan.FromSeconds(1.5));

        var later = await tokens.ValidateTokenAsync(token, Parameters(TimeSpan.FromSeconds(2)));
        Assert.False(later.IsValid);
        Assert.IsType<SecurityTokenExpiredException>(later.Exception);
    }

    [Fact]
    public async Task A_token_with_another_signature_is_validated_not_remembered()
    {
        var tokens = new ValidatedTokens();
        var token = Token(DateTime.UtcNow.AddMinutes(5));
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters(TimeSpan.FromSeconds(30)))).IsValid);

        var other = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test" };
        var forged = string.Join('.', token.Split('.')[..2].Append(Token(DateTime.UtcNow.AddMinutes(5), other).Split('.')[2]));

        Assert.False((await tokens.ValidateTokenAsync(forged, Parameters(TimeSpan.FromSeconds(30)))).IsValid);
        Assert.True((await tokens.ValidateTokenAsync(token, Parameters(TimeSpan.FromSeconds(30)))).IsValid);
    }

    private static string[] Claims(ClaimsIdentity identity) => [.. identity.Claims.Select(c => $"{c.Type}={c.Value}").Order()];

    private static string Token(DateTime expires, RsaSecurityKey? key = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Claims = new Dictionary<string, object> { ["scope"] = "krr:global/kontaktinformasjon.read", ["consumer"] = "0192:991825827" },
        NotBefore = expires.AddMinutes(-10),
        IssuedAt = expires.AddMinutes(-10),
        Expires = expires,
        SigningCredentials = new SigningCredentials(key ?? Key, SecurityAlgorithms.RsaSha256),
    });

    private static TokenValidationParameters Parameters(TimeSpan skew) => new()
    {
        ValidIssuer = Issuer,
        ValidateAudience = false,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = skew,
        IssuerSigningKey = Key,
    };
}
