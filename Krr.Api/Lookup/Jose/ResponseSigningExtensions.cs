using Krr.Api.Hosting;
namespace Krr.Api.Lookup.Jose;

public static class ResponseSigningExtensions
{
    /// <summary>Path of the public signing key set.</summary>
    public const string JwksPath = "/.well-known/jwks.json";

    /// <summary>Registers the <see cref="ResponseSigner"/> singleton; its key is loaded or created at startup.</summary>
    public static WebApplicationBuilder AddResponseSigning(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(services => ResponseSigner.Create(
            services.GetRequiredService<IConfiguration>(),
            services.GetRequiredService<IHostEnvironment>(),
            services.GetRequiredService<ILoggerFactory>().CreateLogger<ResponseSigner>()));
        builder.Services.AddHostedService<ResolveAtStartup<ResponseSigner>>();
        return builder;
    }

    /// <summary>Maps anonymous <c>GET /.well-known/jwks.json</c> with the public key of the <see cref="ResponseSigner"/>.</summary>
    public static IEndpointRouteBuilder MapJwks(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet(JwksPath, (ResponseSigner signer, HttpContext context) =>
            {
                context.Response.Headers.CacheControl = "public, max-age=300";
                return Results.Text(signer.JwksJson, "application/json");
            })
            .AllowAnonymous()
            .WithName("Jwks");
        return app;
    }
}
