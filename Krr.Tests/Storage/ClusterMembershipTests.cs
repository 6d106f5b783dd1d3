using System.Collections.Concurrent;
using Krr.Hosting.Orleans;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Krr.Tests.Storage;

/// <summary>
/// Real ADO.NET membership on PostgreSQL: a 2-silo <see cref="TestCluster"/> with test membership off,
/// on a fresh database. Kill a silo; every grain comes back with its stored state and the dead silo's
/// row turns Dead (6).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterMembershipTests(PostgresFixture postgres)
{
    private const string ConnectionKey = "KrrTest:ConnectionString";

    [Fact]
    public async Task Killing_a_silo_leaves_every_grain_with_its_stored_state_and_marks_the_silo_dead()
    {
        await using var db = await postgres.CreateFreshDatabaseAsync();
        await Krr.Hosting.Database.SchemaMigrator.MigrateAsync(db, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, CancellationToken.None);
        var connectionString = db.ConnectionString;

        var builder = new TestClusterBuilder(2);
        builder.Options.UseTestClusterMembership = false;
        builder.Properties[ConnectionKey] = connectionString;
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        builder.AddClientBuilderConfigurator<ClientConfigurator>();
        await using var cluster = builder.Build();
        await cluster.DeployAsync();

        var keys = Enumerable.Range(0, 20).Select(i => $"fail:{i}:{Guid.NewGuid():N}").ToArray();
        await Task.WhenAll(keys.Select((k, i) => cluster.Client.GetGrain<IStorageProbeGrain>(k).SetAsync(k, i)));

        var victim = cluster.SecondarySilos[0];
        await cluster.KillSiloAsync(victim);

        // Every grain answers with its stored state (those on the dead silo after reactivation elsewhere).
        var pending = keys.Select((k, i) => (Key: k, Count: i)).ToList();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            var results = await Task.WhenAll(pending.Select(async p =>
            {
                try
                {
                    var state = await cluster.Client.GetGrain<IStorageProbeGrain>(p.Key).GetAsync().WaitAsync(TimeSpan.FromSeconds(5));
                    Assert.Equal(p.Key, state.Name);
                    Assert.Equal(p.Count, state.Count);
                    return (p, Ok: true);
                }
                catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
                {
                    return (p, Ok: false);
                }
            }));
            pending = results.Where(r => !r.Ok).Select(r => r.p).ToList();
            if (pending.Count > 0)
            {
                await Task.Delay(250);
            }
        }

        Assert.Empty(pending);

        var deadStatus = -1;
        deadline = DateTime.UtcNow.AddSeconds(60);
        while (deadStatus != 6 && DateTime.UtcNow < deadline)
        {
            await using var command = db.CreateCommand(
                "SELECT status FROM orleansmembershiptable WHERE port = $1 ORDER BY generation DESC LIMIT 1");
            command.Parameters.Add(new NpgsqlParameter { Value = victim.SiloAddress.Endpoint.Port });
            deadStatus = (int)(await command.ExecuteScalarAsync() ?? -1);
            if (deadStatus != 6)
            {
                await Task.Delay(250);
            }
        }

        Assert.Equal(6, deadStatus);
        var active = await SchemaMigrationTests.QueryLinesAsync(db, "SELECT siloname FROM orleansmembershiptable WHERE status = 3");
        Assert.Single(active);
    }

    private static readonly ConcurrentDictionary<string, NpgsqlDataSource> DataSources = new();

    private static NpgsqlDataSource DataSourceFor(IConfiguration configuration) =>
        DataSources.GetOrAdd(configuration[ConnectionKey] ?? throw new InvalidOperationException($"{ConnectionKey} missing"),
            cs => NpgsqlDataSource.Create(cs));

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var dataSource = DataSourceFor(silo.Configuration);
            silo.UseKrrClustering(dataSource).AddKrrPersistence(dataSource).UseFastMembership();
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.UseKrrClustering(DataSourceFor(configuration));
            clientBuilder.Services.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
            clientBuilder.Services.Configure<ClientMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromSeconds(5));
        }
    }
}
