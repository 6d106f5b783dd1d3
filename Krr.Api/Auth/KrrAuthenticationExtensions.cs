using Krr.Api.Hosting;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Krr.Api.Auth;

public static class KrrAuthenticationExtensions
{
    /// <summary>Allowed clock difference between the issuers and us.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>
    /// JWT bearer authentication against the issuers in <c>Krr:Auth:Issuers</c> (each key bound to its issuer), the
    /// development issuer when enabled, the <see cref="KrrPolicies"/>, and problem-details 401/403 answers.
    /// Misconfiguration (including a development issuer in Production) fails startup.
    /// </summary>
    public static WebApplicationBuilder AddKrrAuthentication(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;

        services.AddProblemDetails();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<KrrAuthOptions>()
            .BindConfiguration(KrrAuthOptions.SectionName)
            .PostConfigure<IHostEnvironment>((options, environment) =>
            {
                options.DevelopmentIssuer ??= environment.IsDevelopment();
                // An entry with neither field set is a placeholder (docker-compose passes empty variables), not an issuer.
                options.Issuers.RemoveAll(i => string.IsNullOrWhiteSpace(i.Issuer) && string.IsNullOrWhiteSpace(i.PublicKeyPem));
            })
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KrrAuthOptions>, KrrAuthOptionsValidator>());
        services.TryAddSingleton<DevelopmentIssuerHolder>();
        services.TryAddSingleton<KrrIssuerKeys>();
        services.AddHostedService<ResolveAtStartup<KrrIssuerKeys>>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<KrrIssuerKeys, IOptions<KrrAuthOptions>>((options, keys, auth) =>
            {
                var audience = auth.Value.RequiredAudience;
                options.MapInboundClaims = false;
                // The same validation, remembered per token until it expires (ValidatedTokens).
                options.TokenHandlers.Clear();
                options.TokenHandlers.Add(new ValidatedTokens { MapInboundClaims = false });
                options.IncludeErrorDetails = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidIssuers = keys.Issuers,
                    ValidateAudience = audience is not null,
                    ValidAudience = audience,
                    ValidateLifetime = true,
                    RequireExpirationTime = true,
                    ClockSkew = ClockSkew,
                    RequireSignedTokens = true,
                    ValidAlgorithms =
                    [
                        SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512,
                        SecurityAlgorithms.RsaSsaPssSha256, SecurityAlgorithms.RsaSsaPssSha384, SecurityAlgorithms.RsaSsaPssSha512,
                    ],
                    IssuerSigningKeyResolver = keys.Resolve,
                    TryAllIssuerSigningKeys = false,
                    ValidateIssuerSigningKey = true,
                    IssuerSigningKeyValidator = keys.IsKeyOfIssuer,
                };
                options.Events = new JwtBearerEvents { OnChallenge = KrrAuthProblems.Challenge };
            });

        services.AddAuthorization(options => KrrPolicies.Add(options, JwtBearerDefaults.AuthenticationScheme));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAuthorizationHandler, KrrRequirementHandler>());
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, KrrAuthorizationResultHandler>();
        return builder;
    }
}
