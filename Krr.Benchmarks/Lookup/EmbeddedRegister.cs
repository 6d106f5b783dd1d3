using Krr.Api.Hosting;
using Krr.Grains.MailboxProviders;
using Krr.Grains.Persons;
using Krr.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// The register in its embedded shape (the real API host co-hosting a silo) on the benchmark database, served by
/// Kestrel on loopback, with the provider's certificate set and the rate limit raised out of the way.
/// </summary>
public sealed class EmbeddedRegister(WebApplication app) : IAsyncDisposable
{
    public Uri Address { get; } = BenchmarkPorts.Address(app);

    public IGrainFactory Grains => app.Services.GetRequiredService<IGrainFactory>();

    /// <summary>The host's (and its co-hosted silo's) services.</summary>
    public IServiceProvider Services => app.Services;

    /// <summary>
    /// Starts the register on a database that holds the persons already (<see cref="BenchmarkPopulation"/>), with
    /// <paramref name="overrides"/> over its settings; <paramref name="services"/> adds a scenario's own services to the host's.
    /// </summary>
    public static async Task<EmbeddedRegister> StartAsync(
        NpgsqlDataSource dataSource, BenchmarkPersons persons, BenchmarkIssuer issuer,
        IEnumerable<KeyValuePair<string, string?>>? overrides = null, Action<IServiceCollection>? services = null)
    {
        IEnumerable<KeyValuePair<string, string?>> settings =
        [
            new("ConnectionStrings:Krr", dataSource.ConnectionString),
            new(KrrConfigurationKeys.DemoDataEnabled, "false"),
            new(KrrConfigurationKeys.LookupRateLimitPermits, "100000000"),
            new("Orleans:ClusterId", $"bench-{Guid.NewGuid():N}"),
            new("Orleans:SiloPort", BenchmarkPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Orleans:GatewayPort", BenchmarkPorts.Free().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            .. issuer.Configuration,
            .. overrides ?? [],
        ];
        var app = await KrrApiHost.BuildAsync([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            services?.Invoke(builder.Services);
        });
        await app.StartAsync();
        var grains = app.Services.GetRequiredService<IGrainFactory>();
        await grains.GetMailboxProvider(BenchmarkPersons.ProviderOrg).SetCertificateAsync(persons.Certificate);
        return new EmbeddedRegister(app);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
