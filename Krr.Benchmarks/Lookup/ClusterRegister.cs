using System.Globalization;
using Krr.Grains.MailboxProviders;
using Krr.Hosting;
using Krr.Hosting.Orleans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// The register in its cluster shape, as operators run it: a <c>Krr.Silo</c> process and a <c>Krr.Api</c> process
/// (<c>Krr:Mode=Client</c>) on the benchmark database, the persons in it already (<see cref="BenchmarkPopulation"/>).
/// The provider's certificate of <see cref="BenchmarkPersons"/>, when given, is set through an Orleans client of that cluster.
/// </summary>
public sealed class ClusterRegister(ChildProcess silo, ChildProcess api, Uri address) : IAsyncDisposable
{
    public Uri Address => address;

    public ChildProcess Silo => silo;

    public ChildProcess Api => api;

    /// <param name="siloEnvironment">More environment variables for the silo process (runtime settings such as a heap limit).</param>
    /// <param name="apiEnvironment">More environment variables for the API process.</param>
    public static async Task<ClusterRegister> StartAsync(
        NpgsqlDataSource dataSource, BenchmarkPersons? persons, BenchmarkIssuer issuer,
        IReadOnlyDictionary<string, string>? siloEnvironment = null, IReadOnlyDictionary<string, string>? apiEnvironment = null)
    {
        var clusterId = $"bench-{Guid.NewGuid():N}";
        // The benchmark process keeps up to 200 connections of its own; the server allows 300.
        var connectionString = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString) { MaxPoolSize = 40 }.ConnectionString;
        var common = new Dictionary<string, string>
        {
            ["ConnectionStrings__Krr"] = connectionString,
            ["Orleans__ClusterId"] = clusterId,
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        var siloSettings = new Dictionary<string, string>(common)
        {
            ["Orleans__SiloPort"] = BenchmarkPorts.Free().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = BenchmarkPorts.Free().ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in siloEnvironment ?? new Dictionary<string, string>())
        {
            siloSettings[key] = value;
        }
        var silo = ChildProcess.Start("Krr.Silo", siloSettings);
        var port = BenchmarkPorts.Free();
        var settings = new Dictionary<string, string>(common)
        {
            ["Krr__Mode"] = "Client",
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            [Environment(KrrConfigurationKeys.LookupRateLimitPermits)] = "100000000",
        };
        foreach (var (key, value) in issuer.Configuration)
        {
            settings[Environment(key)] = value!;
        }
        foreach (var (key, value) in apiEnvironment ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        var api = ChildProcess.Start("Krr.Api", settings);
        var register = new ClusterRegister(silo, api, new Uri($"http://127.0.0.1:{port}"));
        await register.WaitUntilReadyAsync();
        if (persons is null)
        {
            return register;
        }

        var client = Host.CreateApplicationBuilder();
        client.Logging.SetMinimumLevel(LogLevel.Warning);
        client.Configuration.AddInMemoryCollection([new("Orleans:ClusterId", clusterId)]);
        client.UseOrleansClient(orleans => orleans.UseKrrClient(client.Configuration, dataSource));
        using var host = client.Build();
        await host.StartAsync();
        await host.Services.GetRequiredService<IClusterClient>().GetMailboxProvider(BenchmarkPersons.ProviderOrg).SetCertificateAsync(persons.Certificate);
        await host.StopAsync();
        return register;
    }

    private static string Environment(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient { BaseAddress = address };
        await ClusterReadiness.WaitAsync(http, TimeSpan.FromMinutes(2),
            () => silo.HasExited ? silo : api.HasExited ? api : null, () => $"{silo.Output}\n---\n{api.Output}");
    }

    public async ValueTask DisposeAsync()
    {
        await api.DisposeAsync();
        await silo.DisposeAsync();
    }
}
