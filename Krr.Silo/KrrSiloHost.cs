using Krr.Hosting.Database;
using Krr.Hosting.Observability;
using Krr.Hosting.Orleans;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Krr.Silo;

/// <summary>A silo of the cluster shape: ADO.NET clustering, grain state and reminders on the configured PostgreSQL.</summary>
public static class KrrSiloHost
{
    public static async Task<IHost> BuildAsync(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.AddKrrObservability("krr-silo");
        using var bootstrapLogging = LoggerFactory.Create(logging => logging.AddKrrMaskedConsole());
        var database = await KrrDatabase.OpenAsync(
            builder.Configuration, dataDirectory: "", startPrivateServer: false, bootstrapLogging.CreateLogger("Krr.Startup"), CancellationToken.None);
        builder.Services.AddKrrDatabase(database);
        builder.UseOrleans(silo => silo.UseKrrSilo(builder.Configuration, database.DataSource));
        return builder.Build();
    }
}
