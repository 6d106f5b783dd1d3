using Microsoft.Extensions.Options;

namespace Krr.Api.Auth;

/// <summary>Fails startup on incomplete issuers, unreadable keys, or a development issuer in Production.</summary>
internal sealed class KrrAuthOptionsValidator(IHostEnvironment environment) : IValidateOptions<KrrAuthOptions>
{
    public ValidateOptionsResult Validate(string? name, KrrAuthOptions options)
    {
        var failures = new List<string>();
        if (options.DevelopmentIssuerEnabled && environment.IsProduction())
        {
            failures.Add("Krr:Auth:DevelopmentIssuer must not be enabled in the Production environment.");
        }

        for (var i = 0; i < options.Issuers.Count; i++)
        {
            var issuer = options.Issuers[i];
            if (string.IsNullOrWhiteSpace(issuer.Issuer))
            {
                failures.Add($"Krr:Auth:Issuers:{i}:Issuer is missing.");
            }
            else if (issuer.Issuer == DevelopmentTokenIssuer.IssuerName)
            {
                failures.Add($"Krr:Auth:Issuers:{i}:Issuer must not be '{DevelopmentTokenIssuer.IssuerName}', which is reserved for the development issuer.");
            }

            if (string.IsNullOrWhiteSpace(issuer.PublicKeyPem))
            {
                failures.Add($"Krr:Auth:Issuers:{i}:PublicKeyPem is missing.");
                continue;
            }

            try
            {
                RsaKeyMaterial.ImportPublicKey(issuer.PublicKeyPem, $"Krr:Auth:Issuers:{i}:PublicKeyPem").Dispose();
            }
            catch (InvalidOperationException e)
            {
                failures.Add(e.Message);
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
