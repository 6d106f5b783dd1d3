using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Krr.Hosting.Database;

public static class KrrDatabaseServices
{
    /// <summary>
    /// Registers the database's data source, and a hosted service that closes it (and stops a private server) at
    /// shutdown. Call it before configuring Orleans: hosted services stop in reverse order, so the silo stops first.
    /// </summary>
    public static IServiceCollection AddKrrDatabase(this IServiceCollection services, KrrDatabase database)
    {
        services.AddSingleton<NpgsqlDataSource>(database.DataSource);
        services.AddHostedService(_ => new DatabaseLifetime(database));
        return services;
    }

    private sealed class DatabaseLifetime(KrrDatabase database) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken) => await database.DisposeAsync();
    }
}
