using Krr.Api.AccessLog;
using Krr.Api.Auth;
using Krr.Api.ChangesFeed;
using Krr.Api.Delegation;
using Krr.Api.DemoData;
using Krr.Api.Health;
using Krr.Api.LanguageSelection;
using Krr.Api.Lookup.Jose;
using Krr.Api.Lookup;
using Krr.Api.MailboxProviders;
using Krr.Api.Population;
using Krr.Api.SelfService;
using Krr.Api.Statistics;
using Krr.Api.TestData;
using Krr.Api.Verification;
using Krr.Api.Web;
using Krr.Hosting.Database;
using Krr.Hosting.Observability;
using Krr.Hosting.Orleans;
using Krr.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Krr.Api.Hosting;

/// <summary>
/// Builds the API in either shape (SPEC §14): embedded, co-hosting a silo on PostgreSQL (a private server when
/// none is configured), or as an Orleans client of a silo cluster.
/// </summary>
public static class KrrApiHost
{
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Named after this assembly, not the entry one, so a host started by the tests finds the pages compiled into it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ApplicationName = typeof(KrrApiHost).Assembly.GetName().Name });
        builder.AddKrrObservability("krr-api");
        configure?.Invoke(builder);

        var configuration = builder.Configuration;
        var embedded = !string.Equals(configuration[KrrConfigurationKeys.Mode], "Client", StringComparison.OrdinalIgnoreCase);
        var dataDirectory = Path.GetFullPath(configuration[KrrConfigurationKeys.DataDirectory] ?? ".krr", builder.Environment.ContentRootPath);
        if (embedded)
        {
            // The development issuer's and the signing key's files live beside the private database, so they survive restarts too.
            configuration[KrrConfigurationKeys.DataDirectory] = dataDirectory;
        }
        using var bootstrapLogging = LoggerFactory.Create(logging => logging.AddKrrMaskedConsole());
        var bootstrapLogger = bootstrapLogging.CreateLogger("Krr.Startup");

        var database = await KrrDatabase.OpenAsync(configuration, dataDirectory, startPrivateServer: embedded, bootstrapLogger, CancellationToken.None);
        builder.Services.AddKrrDatabase(database);
        if (embedded)
        {
            await SchemaMigrator.MigrateAsync(database.DataSource, bootstrapLogger, CancellationToken.None);
            builder.UseOrleans(silo => silo.UseKrrSilo(configuration, database.DataSource));
        }
        else
        {
            builder.UseOrleansClient(client => client.UseKrrClient(configuration, database.DataSource));
        }

        builder.Services.TryAddSingleton(RegisterClock.System);
        builder.Services.AddProblemDetails();
        builder.AddKrrRequestLimits();
        builder.AddKrrAuthentication();
        builder.AddKrrPages();
        builder.AddResponseSigning();
        builder.Services.AddKrrHealthChecks();
        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddAspNetCoreInstrumentation());
        if (ObservabilityExtensions.ExportsOtlp(configuration))
        {
            // An activity per request costs the single-person lookup about 1 % of its CPU; only worth it when exported.
            telemetry.WithTracing(tracing => tracing.AddAspNetCoreInstrumentation());
        }
        builder.Services.AddSingleton<AccessLogWriter>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AccessLogWriter>());
        builder.Services.AddSingleton<LookupHandler>();
        builder.Services.AddSingleton(PreparedAnswers.From(configuration));
        builder.Services.AddLookupRateLimiting(configuration);
        builder.Services.AddChangesFeed();
        builder.Services.AddDelegation();
        builder.Services.AddStatistics();
        var testData = TestDataEndpoints.Enabled(configuration, builder.Environment);
        if (testData)
        {
            builder.Services.AddTestData();
        }
        builder.Services.AddSelfService();
        if (embedded && configuration.GetValue(KrrConfigurationKeys.DemoDataEnabled, true))
        {
            builder.Services.AddHostedService<DemoDataLoader>();
        }

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDecodableRequestCharsets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseRequestTimeouts();
        app.MapHealth();
        app.MapJwks();
        app.MapDevelopmentTokens();
        app.MapLookup();
        app.MapChangesFeed();
        app.MapLanguage();
        app.MapDelegation();
        app.MapPopulation();
        app.MapStatistics();
        if (testData)
        {
            app.MapTestData();
        }
        app.MapSelfService();
        app.MapVerification();
        app.MapMailboxProviders();
        app.MapKrrPages();
        StartupBanner.PrintWhenStarted(app);
        return app;
    }
}
