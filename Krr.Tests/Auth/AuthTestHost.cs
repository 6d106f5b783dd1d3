using System.Net.Http.Headers;
using System.Security.Cryptography;
using Krr.Api.Auth;
using Krr.Api.Lookup.Jose;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Krr.Tests.Auth;

/// <summary>A real Kestrel app on a free loopback port with the KRR auth and signing wired in, plus dummy endpoints per policy.</summary>
public sealed class AuthTestHost : IAsyncDisposable
{
    public const string IssuerA = "https://issuer-a.test";
    public const string IssuerB = "https://issuer-b.test";
    public const string Audience = "krr-test";

    // Keys are expensive to make; the tests share them.
    public static readonly RSA KeyA = RSA.Create(2048);
    public static readonly RSA KeyB = RSA.Create(2048);
    public static readonly RSA KeyUnknown = RSA.Create(2048);

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };

    private AuthTestHost(WebApplication app, HttpClient client)
    {
        App = app;
        Client = client;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public static Dictionary<string, string?> DefaultSettings() => new()
    {
        ["Krr:Auth:Issuers:0:Issuer"] = IssuerA,
        ["Krr:Auth:Issuers:0:PublicKeyPem"] = KeyA.ExportSubjectPublicKeyInfoPem(),
        ["Krr:Auth:Issuers:1:Issuer"] = IssuerB,
        ["Krr:Auth:Issuers:1:PublicKeyPem"] = KeyB.ExportRSAPublicKeyPem(),
        ["Krr:Auth:Audience"] = Audience,
    };

    /// <summary>Builds the app (throws what startup throws) and starts it.</summary>
    public static async Task<AuthTestHost> StartAsync(string environment = "Development", IDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ApplicationName = typeof(AuthTestHost).Assembly.GetName().Name,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? DefaultSettings());
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.AddKrrAuthentication();
        builder.AddResponseSigning();

        var app = builder.Build();
        try
        {
            app.UseAuthentication();
            app.UseAuthorization();
            app.MapGet("/t/lookup", (HttpContext c) =>
            {
                var caller = c.User.GetAgencyCaller()!;
                return Results.Ok(new CallerView(caller.ConsumerOrg, caller.SupplierOrg, caller.IsSupplier, caller.CanReadContact, caller.CanReadMailbox, null));
            }).RequireAuthorization(KrrPolicies.Lookup);
            app.MapGet("/t/citizen", (HttpContext c) => Results.Ok(new CallerView(null, null, false, false, false, c.User.GetCitizenCaller()!.Pid)))
                .RequireAuthorization(KrrPolicies.Citizen);
            app.MapGet("/t/changes", () => "ok").RequireAuthorization(KrrPolicies.ChangesRead);
            app.MapGet("/t/language", () => "ok").RequireAuthorization(KrrPolicies.LanguageWrite);
            app.MapGet("/t/mailbox-provider", () => "ok").RequireAuthorization(KrrPolicies.MailboxProvider);
            app.MapGet("/t/operator", () => "ok").RequireAuthorization(KrrPolicies.Operator);
            app.MapDevelopmentTokens();
            app.MapJwks();
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var client = new HttpClient { BaseAddress = new Uri(app.Urls.Single()) };
        return new AuthTestHost(app, client);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }

    public Task<HttpResponseMessage> GetAsync(string path, string? token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return Client.SendAsync(request);
    }

    public static Dictionary<string, object> Org(string org) => new()
    {
        ["authority"] = "iso6523-actorid-upis",
        ["ID"] = "0192:" + org,
    };

    /// <summary>A token signed by <paramref name="key"/> claiming <paramref name="issuer"/>, valid from <paramref name="notBefore"/> for <paramref name="lifetime"/>.</summary>
    public static string Token(
        RSA key,
        string issuer,
        IDictionary<string, object> claims,
        string? audience = Audience,
        DateTime? notBefore = null,
        TimeSpan? lifetime = null)
    {
        var from = notBefore ?? DateTime.UtcNow.AddMinutes(-1);
        return Handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = from,
            NotBefore = from,
            Expires = from + (lifetime ?? TimeSpan.FromMinutes(10)),
            Claims = new Dictionary<string, object>(claims),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
        });
    }

    public static string AgencyToken(string scope, string consumer = "991825827", string? supplier = null, RSA? key = null, string issuer = IssuerA)
    {
        var claims = new Dictionary<string, object> { ["scope"] = scope, ["consumer"] = Org(consumer) };
        if (supplier is not null)
        {
            claims["supplier"] = Org(supplier);
        }

        return Token(key ?? KeyA, issuer, claims);
    }

    public static string CitizenToken(string scope, string pid = "01017012345") =>
        Token(KeyA, IssuerA, new Dictionary<string, object> { ["scope"] = scope, ["pid"] = pid });
}

public sealed record CallerView(string? Consumer, string? Supplier, bool IsSupplier, bool CanReadContact, bool CanReadMailbox, string? Pid);

/// <summary>One shared app (Development, issuers A and B, audience, development issuer on) for the HTTP tests.</summary>
public sealed class AuthHostFixture : IAsyncLifetime
{
    public AuthTestHost Host { get; private set; } = null!;

    public async Task InitializeAsync() => Host = await AuthTestHost.StartAsync();

    public async Task DisposeAsync() => await Host.DisposeAsync();
}
