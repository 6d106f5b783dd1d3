using System.Net;
using System.Security.Cryptography;
using System.Text;
using Krr.Api.Lookup.Jose;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Krr.Tests.Auth;

public sealed class ResponseSignerTests(AuthHostFixture fixture) : IClassFixture<AuthHostFixture>
{
    private const string Json = "{\"personer\":[{\"personidentifikator\":\"01017012345\",\"status\":\"AKTIV\",\"reservasjon\":\"NEI\",\"navn\":\"Ærlig Østby Åsen\"}]}";

    [Fact]
    public async Task Signed_answer_verifies_against_the_served_JWKS_and_carries_the_exact_payload()
    {
        var signer = fixture.Host.App.Services.GetRequiredService<ResponseSigner>();
        var payload = Encoding.UTF8.GetBytes(Json);

        var jws = signer.SignCompact(payload);

        using var response = await fixture.Host.GetAsync(ResponseSigningExtensions.JwksPath, token: null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var jwks = new JsonWebKeySet(await response.Content.ReadAsStringAsync());
        var key = Assert.Single(jwks.Keys);
        Assert.Equal("RSA", key.Kty);
        Assert.Equal("sig", key.Use);
        Assert.Equal("RS256", key.Alg);
        Assert.Equal(signer.KeyId, key.Kid);
        Assert.False(key.HasPrivateKey);

        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jws, new TokenValidationParameters
        {
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            ValidTypes = ["JOSE"],
        });
        Assert.True(result.IsValid, result.Exception?.ToString());

        var token = (JsonWebToken)result.SecurityToken;
        Assert.Equal("RS256", token.Alg);
        Assert.Equal(signer.KeyId, token.Kid);
        Assert.Equal(payload, Base64UrlEncoder.DecodeBytes(token.EncodedPayload));
    }

    [Fact]
    public async Task Tampered_payload_does_not_verify()
    {
        var signer = fixture.Host.App.Services.GetRequiredService<ResponseSigner>();
        var parts = signer.SignCompact(Encoding.UTF8.GetBytes(Json)).Split('.');
        var forged = Base64UrlEncoder.Encode(Json.Replace("NEI", "JA", StringComparison.Ordinal));

        var result = await new JsonWebTokenHandler().ValidateTokenAsync($"{parts[0]}.{forged}.{parts[2]}", new TokenValidationParameters
        {
            IssuerSigningKeys = signer.JsonWebKeySet.GetSigningKeys(),
            ValidateIssuer = false,
            ValidateAudience = false,
            ValidateLifetime = false,
            RequireExpirationTime = false,
        });

        Assert.False(result.IsValid);
    }

    [Fact]
    public void Concurrent_signing_gives_valid_signatures()
    {
        var signer = fixture.Host.App.Services.GetRequiredService<ResponseSigner>();
        using var rsa = RSA.Create();
        var jwk = signer.JsonWebKeySet.Keys.Single();
        rsa.ImportParameters(new RSAParameters { Modulus = Base64UrlEncoder.DecodeBytes(jwk.N), Exponent = Base64UrlEncoder.DecodeBytes(jwk.E) });

        var results = new bool[64];
        Parallel.For(0, results.Length, i =>
        {
            var parts = signer.SignCompact(Encoding.UTF8.GetBytes($"{{\"n\":{i}}}")).Split('.');
            lock (rsa)
            {
                results[i] = rsa.VerifyData(Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), Base64UrlEncoder.DecodeBytes(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                    && Encoding.UTF8.GetString(Base64UrlEncoder.DecodeBytes(parts[1])) == $"{{\"n\":{i}}}";
            }
        });

        Assert.All(results, Assert.True);
    }

    [Fact]
    public async Task Key_comes_from_configured_PEM()
    {
        using var rsa = RSA.Create(2048);
        var settings = AuthTestHost.DefaultSettings();
        settings["Krr:Signing:PrivateKeyPem"] = rsa.ExportRSAPrivateKeyPem().Replace("\n", "\\n", StringComparison.Ordinal); // as an env var may carry it
        await using var host = await AuthTestHost.StartAsync("Staging", settings);

        var signer = host.App.Services.GetRequiredService<ResponseSigner>();
        var jwk = signer.JsonWebKeySet.Keys.Single();

        Assert.Equal(Base64UrlEncoder.Encode(rsa.ExportParameters(false).Modulus), jwk.N);
        Assert.Equal(Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint()), signer.KeyId);
    }

    [Fact]
    public async Task Public_key_PEM_as_signing_key_fails_startup()
    {
        using var rsa = RSA.Create(2048);
        var settings = AuthTestHost.DefaultSettings();
        settings["Krr:Signing:PrivateKeyPem"] = rsa.ExportSubjectPublicKeyInfoPem();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => AuthTestHost.StartAsync("Staging", settings));
        Assert.Contains("Krr:Signing:PrivateKeyPem", error.Message);
    }

    [Fact]
    public async Task Generated_key_persists_in_the_data_directory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "krr-sign-" + Guid.NewGuid().ToString("N"));
        try
        {
            var settings = AuthTestHost.DefaultSettings();
            settings["Krr:DataDirectory"] = directory;
            string kid;
            await using (var first = await AuthTestHost.StartAsync("Staging", settings))
            {
                kid = first.App.Services.GetRequiredService<ResponseSigner>().KeyId;
            }

            Assert.True(File.Exists(Path.Combine(directory, "signing-key.pem")));
            await using var second = await AuthTestHost.StartAsync("Staging", settings);
            Assert.Equal(kid, second.App.Services.GetRequiredService<ResponseSigner>().KeyId);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
