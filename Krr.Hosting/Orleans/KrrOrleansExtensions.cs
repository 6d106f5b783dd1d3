using Krr.Grains;
using Krr.Grains.Lookup;
using Krr.Grains.MailboxProviders;
using Krr.Grains.Reverification;
using Krr.Hosting.Reverification;
using Krr.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Serializers;
using Orleans.Storage;

namespace Krr.Hosting.Orleans;

/// <summary>Orleans silo and client configuration on PostgreSQL (schema from <see cref="Database.SchemaMigrator"/>).</summary>
public static class KrrOrleansExtensions
{
    /// <summary>ADO.NET invariant of the PostgreSQL provider (Npgsql), loaded by Orleans by reflection.</summary>
    private const string NpgsqlInvariant = "Npgsql";

    /// <summary>
    /// Grain storage named <see cref="KrrStorage.Name"/> and as the default provider: the ADO.NET provider storing
    /// clean System.Text.Json (no <c>$type</c>) as jsonb in <c>krr_grain_state</c>, its concurrent reads and writes
    /// coalesced across grains into batched statements (<see cref="KrrGrainStorage"/>; writes switched by
    /// <see cref="KrrConfigurationKeys.StorageCoalesceWrites"/>); ADO.NET reminders; the
    /// re-verification schedule that person grains keep in step with every stored change; the silo's directory of
    /// active persons that they publish every stored record to.
    /// The data source stays owned by the caller.
    /// </summary>
    public static ISiloBuilder AddKrrPersistence(this ISiloBuilder silo, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(dataSource);

        silo.AddAdoNetGrainStorage(KrrGrainStorage.AdoNetName, options => ConfigureStorage(options, dataSource));
        silo.Services.Configure<SystemTextJsonGrainStorageSerializerOptions>(
            options => options.JsonSerializerOptions.Converters.Add(new ImmutableArrayJsonConverter()));
        silo.Services.TryAddSingleton(services =>
            new GrainStateReadBatcher(dataSource, services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId));
        silo.Services.TryAddSingleton(services => CreateStorage(services, dataSource));
        silo.Services.AddGrainStorage(KrrStorage.Name, (services, _) => services.GetRequiredService<KrrGrainStorage>());
        silo.Services.AddGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, (services, _) => services.GetRequiredService<KrrGrainStorage>());
        silo.UseAdoNetReminderService(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.DataSource = dataSource;
        });
        silo.Services.TryAddSingleton<IDueEntryStore>(services =>
            new PostgresDueEntryStore(dataSource, services.GetRequiredService<IOptions<ClusterOptions>>()));
        silo.Services.TryAddSingleton<DueDayWakes>();
        silo.Services.TryAddSingleton<ActivePersons>();
        silo.Services.TryAddSingleton<ActiveProviders>();
        silo.Services.TryAddSingleton(services =>
            new StoredPersons(services.GetRequiredKeyedService<IGrainStorage>(KrrStorage.Name), services.GetRequiredService<IGrainFactory>()));
        silo.Services.TryAddSingleton<RecentDirectReads>();
        return silo;
    }

    /// <summary>ADO.NET membership (clustering) in <c>orleansmembershiptable</c>.</summary>
    public static ISiloBuilder UseKrrClustering(this ISiloBuilder silo, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(dataSource);
        return silo.UseAdoNetClustering(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.DataSource = dataSource;
        });
    }

    /// <summary>Gateway discovery for an external client from <c>orleansmembershiptable</c>.</summary>
    public static IClientBuilder UseKrrClustering(this IClientBuilder client, NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(dataSource);
        return client.UseAdoNetClustering(options =>
        {
            options.Invariant = NpgsqlInvariant;
            options.DataSource = dataSource;
        });
    }

    private static KrrGrainStorage CreateStorage(IServiceProvider services, NpgsqlDataSource dataSource)
    {
        var serviceId = services.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId;
        var coalesce = services.GetService<IConfiguration>()?.GetValue<bool?>(KrrConfigurationKeys.StorageCoalesceWrites) ?? true;
        return new KrrGrainStorage(
            (AdoNetGrainStorage)services.GetRequiredKeyedService<IGrainStorage>(KrrGrainStorage.AdoNetName),
            services.GetRequiredService<GrainStateReadBatcher>(),
            coalesce ? new CoalescedStateWrites(dataSource, serviceId) : null,
            services.GetRequiredService<IActivatorProvider>(),
            serviceId);
    }

    private static void ConfigureStorage(OptionsBuilder<AdoNetGrainStorageOptions> builder, NpgsqlDataSource dataSource) =>
        builder.Configure<IServiceProvider>((options, services) =>
        {
            options.Invariant = NpgsqlInvariant;
            options.DataSource = dataSource;
            // The SQL stores the payload as jsonb (convert_from(@PayloadBinary,'UTF8')::jsonb), so it must be
            // plain UTF-8 JSON: System.Text.Json, not the default Newtonsoft serializer with $id/$type.
            options.GrainStorageSerializer = ActivatorUtilities.CreateInstance<SystemTextJsonGrainStorageSerializer>(services);
        });
}
