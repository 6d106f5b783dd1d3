using System.Net;
using Krr.Grains;
using Krr.Grains.Messaging;
using Krr.Hosting.Messaging;
using Krr.Hosting.Observability;
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
        silo.Services.Configure<ClusterMembershipOptions>(ConfigureMembership);
        silo.Services.Configure<GrainCollectionOptions>(ConfigureCollection);
        silo.Services.TryAddSingleton(RegisterClock.System);
        silo.Services.TryAddSingleton<IOutbox>(_ => new PostgresOutbox(dataSource));
        silo.Services.AddKrrOutboxDispatcher(configuration);
        silo.Services.AddHostedService<PopulationSummaryCompactor>();
        silo.Services.AddHostedService<Persons.UnsettledPersonSweep>();
        return silo;
    }

    public static IClientBuilder UseKrrClient(this IClientBuilder client, IConfiguration configuration, NpgsqlDataSource dataSource)
    {
        var options = Options(configuration);
        client.Configure<ClusterOptions>(o => { o.ClusterId = options.ClusterId; o.ServiceId = options.ServiceId; });
        // A client learns of gateways from the membership table; after a whole-cluster restart every gateway it knew
        // is gone, and the default (1 min) would keep it waiting that long.
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(5));
        client.UseKrrClustering(dataSource);
        return ExportsTraces(configuration) ? client.AddActivityPropagation() : client;
    }

    /// <summary>
    /// Orleans' activity propagation wraps every grain call, the lookup's fan-out included, in filters that cost about a
    /// quarter of a hot lookup (docs/benchmarks.md); it is only worth that when the traces leave the process.
    /// </summary>
    private static bool ExportsTraces(IConfiguration configuration) => ObservabilityExtensions.ExportsOtlp(configuration);

    /// <summary>
    /// Failure detection in seconds rather than Orleans' defaults (a crashed silo declared dead after about half a
    /// minute, stale rows of a cluster that stopped all at once waited out for minutes). See docs/reliability.md:
    /// <list type="bullet">
    /// <item>probes every 2 s (default 5 s), 3 missed probes (default) and 2 votes (default) declare a silo dead: about
    /// 6–10 s after a crash, instead of 15–30 s;</item>
    /// <item>each silo writes "I am alive" every 10 s (default 30 s), and a row 2 periods old (default 3) counts as
    /// stale, so silos starting after an ungraceful stop of the whole cluster stop waiting for the old rows after 20 s;</item>
    /// <item>the membership table is re-read every 10 s (default 60 s), so silos learn of joins and deaths quickly.</item>
    /// </list>
    /// All on one small table: a few rows per silo, a few queries per silo every few seconds.
    /// </summary>
    public static void ConfigureMembership(ClusterMembershipOptions options)
    {
        options.ProbeTimeout = TimeSpan.FromSeconds(2);
        options.NumMissedProbesLimit = 3;
        options.NumVotesForDeathDeclaration = 2;
        options.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);
        options.NumMissedTableIAmAliveLimit = 2;
        options.TableRefreshTimeout = TimeSpan.FromSeconds(10);
    }

    /// <summary>
    /// How long activations live (docs/architecture.md, "Coalesced state reads"). Idle ones are collected after Orleans'
    /// default 15 minutes; besides, when the managed heap passes 80 % of what the process may use, the least recently used
    /// are deactivated until it is back under 75 % (Orleans' defaults). What the process may use is the GC's limit: a
    /// container's memory limit (.NET takes 75 % of it) or <c>DOTNET_GCHeapHardLimit</c>, else about 90 % of the machine's
    /// memory. So a sweep of all 5 million persons (about 4 KB each when active) keeps the silo within its limit instead of
    /// growing to 20 GB. Memory is polled every second (default 5 s): a sweep activates about 10,000 persons a second.
    /// </summary>
    public static void ConfigureCollection(GrainCollectionOptions options)
    {
        options.EnableActivationSheddingOnMemoryPressure = true;
        options.MemoryUsagePollingPeriod = TimeSpan.FromSeconds(1);
    }

    private static KrrOrleansOptions Options(IConfiguration configuration) =>
        configuration.GetSection(KrrOrleansOptions.SectionName).Get<KrrOrleansOptions>() ?? new KrrOrleansOptions();
}
