using Krr.Hosting.Orleans;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Krr.Tests.Storage;

/// <summary>
/// A 2-silo <see cref="InProcessTestCluster"/> (in-process membership) whose grain storage and reminders
/// are the real ADO.NET providers on the run's migrated PostgreSQL database.
/// </summary>
public sealed class KrrClusterFixture : IAsyncLifetime
{
    public InProcessTestCluster Cluster { get; private set; } = null!;

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public string ServiceId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var postgres = new PostgresFixture();
        await postgres.InitializeAsync();
        DataSource = postgres.DataSource;

        var builder = new InProcessTestClusterBuilder(2);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddKrrPersistence(DataSource);
            silo.Services.Configure<ReminderOptions>(o =>
            {
                o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
                o.RefreshReminderListPeriod = TimeSpan.FromSeconds(2);
                o.ReminderLoadingWindow = TimeSpan.FromSeconds(2);
            });
        });
        Cluster = builder.Build();
        await Cluster.DeployAsync();
        ServiceId = Cluster.Options.ServiceId;
    }

    public async Task DisposeAsync()
    {
        if (Cluster is not null)
        {
            await Cluster.DisposeAsync();
        }
    }
}
