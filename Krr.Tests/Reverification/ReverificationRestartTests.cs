using System.Collections.Concurrent;
using Krr.Grains;
using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Grains.Reverification;
using Krr.Hosting.Database;
using Krr.Hosting.Orleans;
using Krr.Hosting.Reverification;
using Krr.Tests.Infrastructure;
using Krr.Tests.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.TestingHost;
using static Krr.Tests.Reverification.ReverificationClusterTests;

namespace Krr.Tests.Reverification;

/// <summary>
/// The schedule outlives the whole cluster: on a <see cref="TestCluster"/> with real ADO.NET membership, every silo
/// is stopped after scheduling and new ones start on the same database; the reminders, read back from
/// <c>orleansreminderstable</c>, still send each warning once and record each expiry once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReverificationRestartTests(PostgresFixture postgres)
{
    private const string ContextKey = "KrrTest:Reverification";

    /// <summary>Silos are built from configuration only, so each test's database and clock are found by a key.</summary>
    private static readonly ConcurrentDictionary<string, (NpgsqlDataSource Db, RegisterClock Clock)> Contexts = new();

    [Fact]
    public async Task Warnings_and_expiries_fire_once_after_every_silo_is_replaced()
    {
        await using var db = await postgres.CreateFreshDatabaseAsync();
        await SchemaMigrator.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);
        var time = new FakeTimeProvider(T0);
        var key = Guid.NewGuid().ToString("N");
        Contexts[key] = (db, new RegisterClock(time));
        try
        {
            var builder = new TestClusterBuilder(2);
            builder.Options.UseTestClusterMembership = false;
            builder.Properties[ContextKey] = key;
            builder.AddSiloBuilderConfigurator<SiloConfigurator>();
            builder.AddClientBuilderConfigurator<ClientConfigurator>();
            await using var cluster = builder.Build();
            await cluster.DeployAsync();

            var two = await SeedAsync(cluster.Client, Channel(TestIdentities.Email(), T0), Channel(TestIdentities.Mobile(), T0));
            var sms = await SeedAsync(cluster.Client, null, Channel(TestIdentities.Mobile(), T0));
            Assert.Equal(6, await ScalarAsync(db, "SELECT count(*) FROM krr_reverification_due"));
            var (twoChanges, smsChanges) = (await ChangesAsync(db, two), await ChangesAsync(db, sms));
            // Grain-written records read back as the grains scheduled them: the backfill finds nothing missing.
            Assert.Equal((0L, 0), await DueScheduleBackfill.RunAsync(db, cluster.Options.ServiceId, TimeSpan.FromSeconds(1), T0, CancellationToken.None));

            // Nothing of the first cluster survives but the database.
            await cluster.StopAllSilosAsync();
            await cluster.StartAdditionalSilosAsync(2, startAdditionalSiloOnNewPort: true);
            await cluster.InitializeClientAsync();
            var grains = cluster.Client;

            time.SetUtcNow(ContactFreshness.WarningDue(T0).AddHours(1));
            await Until(async () => (await OutboxAsync(db)).Count >= 2);
            time.SetUtcNow(ContactFreshness.Expires(T0).AddHours(1));
            await Until(async () => (await grains.GetPerson(two).GetAsync()) is { Email.ExpiredAt: not null, Mobile.ExpiredAt: not null }
                                    && (await grains.GetPerson(sms).GetAsync()) is { Mobile.ExpiredAt: not null });
            await Task.Delay(TimeSpan.FromSeconds(3)); // more ticks: nothing more may happen

            var warnings = await OutboxAsync(db);
            Assert.Equal(2, warnings.Count);
            Assert.Contains(warnings, w => w.Key.StartsWith($"warn16:{two}:email:", StringComparison.Ordinal));
            Assert.Contains(warnings, w => w.Key.StartsWith($"warn16:{sms}:sms:", StringComparison.Ordinal));
            // Each recorded expiry is one stored change (one per channel), and nothing else was stored.
            Assert.Equal(twoChanges + 2, await ChangesAsync(db, two));
            Assert.Equal(smsChanges + 1, await ChangesAsync(db, sms));
            Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM krr_reverification_due"));
        }
        finally
        {
            Contexts.TryRemove(key, out _);
        }
    }

    /// <summary>The person's stored changes (the changes feed records every one).</summary>
    private static async Task<long> ChangesAsync(NpgsqlDataSource db, string person)
    {
        await using var command = db.CreateCommand("SELECT count(*) FROM krr_person_change WHERE record->>'Identifier' = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = person });
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static (NpgsqlDataSource Db, RegisterClock Clock) ContextOf(IConfiguration configuration) =>
        Contexts[configuration[ContextKey] ?? throw new InvalidOperationException($"{ContextKey} missing")];

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder silo)
        {
            var (db, clock) = ContextOf(silo.Configuration);
            ConfigureReverification(silo.UseKrrClustering(db).AddKrrPersistence(db).UseFastMembership(), db, clock);
        }
    }

    private sealed class ClientConfigurator : IClientBuilderConfigurator
    {
        public void Configure(IConfiguration configuration, IClientBuilder clientBuilder)
        {
            clientBuilder.UseKrrClustering(ContextOf(configuration).Db);
            clientBuilder.Services.Configure<Orleans.Configuration.GatewayOptions>(o => o.GatewayListRefreshPeriod = TimeSpan.FromSeconds(1));
        }
    }
}
