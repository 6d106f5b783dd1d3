using System.Net;
using Krr.Grains;
using Krr.Grains.Messaging;
using Krr.Hosting.Messaging;
using Krr.Hosting.Population;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;

namespace Krr.Hosting.Orleans;

/// <summary>The one silo and client configuration both hosting shapes use: everything on PostgreSQL through the AdoNet providers.</summary>
public static class KrrOrleansConfiguration
{
    public static ISiloBuilder UseKrrSilo(this ISiloBuilder silo, IConfiguration configuration, NpgsqlDataSource dataSource)
    {
        var options = Options(configuration);
        silo.Configure<ClusterOptions>(o => { o.ClusterId = options.ClusterId; o.ServiceId = options.ServiceId; });
        var address = options.ResolveAdvertisedIPAddress();
        silo.ConfigureEndpoints(address, options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: !IPAddress.IsLoopback(address));
        silo.UseKrrClustering(dataSource).AddKrrPersistence(dataSource);
        if (ExportsTraces(configuration))
        {
            silo.AddActivityPropagation();
        }
        silo.Services.TryAddSingleton(RegisterClock.System);
        silo.Services.TryAddSingleton<IOutbox>(_ => new PostgresOutbox(dataSource));
        silo.Services.AddKrrOutboxDispatcher(configuration);
        silo.Services.AddHostedService<PopulationSummaryCompactor>();
        return silo;
    }

    public static IClientBuilder UseKrrClient(this IClientBuilder client, IConfiguration configuration, NpgsqlDataSource dataSource)
    {
        var options = Options(configuration);
        client.Configure<ClusterOptions>(o => { o.ClusterId = options.ClusterId; o.ServiceId = options.ServiceId; });
        client.UseKrrClustering(dataSource);
        return ExportsTraces(configuration) ? client.AddActivityPropagation() : client;
    }

    /// <summary>
    /// Orleans' activity propagation wraps every grain call, the lookup's fan-out included, in filters that cost about a
    /// quarter of a hot lookup (docs/benchmarks.md); it is only worth that when the traces leave the process.
    /// </summary>
    private static bool ExportsTraces(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[KrrConfigurationKeys.OtlpEndpoint]);

    private static KrrOrleansOptions Options(IConfiguration configuration) =>
        configuration.GetSection(KrrOrleansOptions.SectionName).Get<KrrOrleansOptions>() ?? new KrrOrleansOptions();

}
