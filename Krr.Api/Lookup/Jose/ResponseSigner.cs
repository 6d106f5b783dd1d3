using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Krr.Api.Auth;
using Microsoft.IdentityModel.Tokens;

namespace Krr.Api.Lookup.Jose;

/// <summary>
/// Signs JSON answers as compact JWS (RFC 7515) with RS256 for <c>Accept: application/jose</c>.
/// Protected header: <c>{"alg":"RS256","kid":"&lt;RFC 7638 thumbprint&gt;","typ":"JOSE"}</c> (<c>typ</c> "JOSE" is the
/// RFC 7515 §4.1.9 value for the compact serialization). The payload is exactly the given bytes; no claims are added.
/// The public key is published as a JWKS (<see cref="JwksJson"/>, served by <c>MapJwks</c>).
/// </summary>
public sealed class ResponseSigner : IDisposable
{
    /// <summary>Media type of a signed answer.</summary>
    public const string MediaType = "application/jose";

    /// <summary>JWS algorithm.</summary>
    public const string Algorithm = "RS256";

    /// <summary>JWS <c>typ</c> header value.</summary>
    public const string Type = "JOSE";

    private readonly RSAParameters _private;
    private readonly ConcurrentBag<RSA> _pool = [];
    private readonly byte[] _encodedHeader;

    internal ResponseSigner(RSA privateKey)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        _private = privateKey.ExportParameters(includePrivateParameters: true);
        _pool.Add(privateKey);
        var publicKey = privateKey.ExportParameters(includePrivateParameters: false);
        KeyId = RsaKeyMaterial.Thumbprint(publicKey);

        var header = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["alg"] = Algorithm,
            ["kid"] = KeyId,
            ["typ"] = Type,
        });
        _encodedHeader = Encoding.ASCII.GetBytes(Base64Url.EncodeToString(header));
        JwksJson = BuildJwks(publicKey, KeyId);
    }

    /// <summary>The <c>kid</c> in every signature header and in the JWKS.</summary>
    public string KeyId { get; }

    /// <summary>The public JWKS: <c>{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":…,"n":…,"e":…}]}</c>.</summary>
    public string JwksJson { get; }

    /// <summary>The public JWKS as an IdentityModel object (for validating signatures).</summary>
    public JsonWebKeySet JsonWebKeySet => new(JwksJson);

    /// <summary>Compact JWS <c>header.payload.signature</c> whose payload is exactly <paramref name="utf8Json"/>.</summary>
    public string SignCompact(ReadOnlySpan<byte> utf8Json)
    {
        var payloadLength = Base64Url.GetEncodedLength(utf8Json.Length);
        var inputLength = _encodedHeader.Length + 1 + payloadLength;
        var buffer = ArrayPool<byte>.Shared.Rent(inputLength);
        var rsa = Rent();
        try
        {
            var input = buffer.AsSpan(0, inputLength);
            _encodedHeader.CopyTo(input);
            input[_encodedHeader.Length] = (byte)'.';
            Base64Url.EncodeToUtf8(utf8Json, input[(_encodedHeader.Length + 1)..]);

            var signature = rsa.SignData(input, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            return string.Create(inputLength + 1 + Base64Url.GetEncodedLength(signature.Length), (buffer, inputLength, signature), static (chars, state) =>
            {
                var length = Encoding.ASCII.GetChars(state.buffer.AsSpan(0, state.inputLength), chars);
                chars[length] = '.';
                Base64Url.EncodeToChars(state.signature, chars[(length + 1)..]);
            });
        }
        finally
        {
            _pool.Add(rsa);
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public void Dispose()
    {
        while (_pool.TryTake(out var rsa))
        {
            rsa.Dispose();
        }
    }

    /// <summary>
    /// Key from <c>Krr:Signing:PrivateKeyPem</c>; else generated once into <c>&lt;Krr:DataDirectory&gt;/signing-key.pem</c>;
    /// else an ephemeral key (signatures then stop verifying after a restart), with a warning.
    /// </summary>
    internal static ResponseSigner Create(IConfiguration configuration, IHostEnvironment environment, ILogger logger)
    {
        var pem = configuration["Krr:Signing:PrivateKeyPem"];
        if (!string.IsNullOrWhiteSpace(pem))
        {
            return new ResponseSigner(RsaKeyMaterial.ImportPrivateKey(pem, "Krr:Signing:PrivateKeyPem"));
        }

        if (RsaKeyMaterial.DataDirectory(configuration, environment) is { } directory)
        {
            return new ResponseSigner(RsaKeyMaterial.LoadOrCreate(Path.Combine(directory, "signing-key.pem"), logger, "response signing"));
        }

        logger.LogWarning(
            "Neither Krr:Signing:PrivateKeyPem nor Krr:DataDirectory is set: signing answers with an ephemeral key that is lost on restart");
        return new ResponseSigner(RSA.Create(RsaKeyMaterial.MinimumKeySize));
    }

    // Instances are not documented as safe for concurrent use, so each signing call has one to itself.
    private RSA Rent() => _pool.TryTake(out var rsa) ? rsa : RSA.Create(_private);

    private static string BuildJwks(RSAParameters publicKey, string kid)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("keys");
            writer.WriteStartObject();
            writer.WriteString("kty", "RSA");
            writer.WriteString("use", "sig");
            writer.WriteString("alg", Algorithm);
            writer.WriteString("kid", kid);
            writer.WriteString("n", Base64Url.EncodeToString(publicKey.Modulus));
            writer.WriteString("e", Base64Url.EncodeToString(publicKey.Exponent));
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
