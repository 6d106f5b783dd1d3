using System.Net;
using Krr.Grains;
using Krr.Grains.Messaging;
using Krr.Grains.Persons;
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
        silo.Services.AddHostedService<FullCollectionUnderMemoryPressure>();
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
    /// How long activations live (docs/architecture.md, "Coalesced state reads and activation lifetime"). A sweep of the
    /// register activates every person it looks up (about 3 KB each), so two things bound the silo:
    /// <list type="bullet">
    /// <item>Idle person grains are collected after <see cref="PersonGrain.CollectionAge"/> instead of Orleans' 15 minutes, with
    /// the collector running every <see cref="CollectionQuantum"/>: a person looked up once costs memory for a few minutes,
    /// and one coalesced read when it is looked up again. So a sweep keeps only its last few minutes of persons, and idle
    /// collection, which is cheap and never races a request, does most of the work.</item>
    /// <item>When the managed heap passes <see cref="MemoryUsageLimitPercentage"/> % of what the process may use, the least
    /// recently used activations are deactivated until it is back under <see cref="MemoryUsageTargetPercentage"/> %. Orleans'
    /// defaults (80 / 75) left too little room: activations kept arriving while a round of shedding waited for its
    /// deactivations and the next full GC, the heap reached the GC's hard limit and activations failed with
    /// <see cref="OutOfMemoryException"/> (docs/benchmarks.md, lookup-cold, 2026-12-01 14:00). Orleans starts a round only
    /// after a full GC, which <see cref="FullCollectionUnderMemoryPressure"/> brings about on a large heap.</item>
    /// </list>
    /// What the process may use is the GC's limit: a container's memory limit (.NET takes 75 % of it) or
    /// <c>DOTNET_GCHeapHardLimit</c>, else about 90 % of the machine's memory. Memory is polled every second (default 5 s).
    /// </summary>
    public static void ConfigureCollection(GrainCollectionOptions options)
    {
        options.CollectionQuantum = CollectionQuantum;
        options.ClassSpecificCollectionAge[typeof(PersonGrain).FullName!] = PersonGrain.CollectionAge;
        options.EnableActivationSheddingOnMemoryPressure = true;
        options.MemoryUsagePollingPeriod = TimeSpan.FromSeconds(1);
        options.MemoryUsageLimitPercentage = MemoryUsageLimitPercentage;
        options.MemoryUsageTargetPercentage = MemoryUsageTargetPercentage;
    }

    public static readonly TimeSpan CollectionQuantum = TimeSpan.FromSeconds(15);

    public const double MemoryUsageLimitPercentage = 70;

    public const double MemoryUsageTargetPercentage = 60;

    private static KrrOrleansOptions Options(IConfiguration configuration) =>
        configuration.GetSection(KrrOrleansOptions.SectionName).Get<KrrOrleansOptions>() ?? new KrrOrleansOptions();
}
