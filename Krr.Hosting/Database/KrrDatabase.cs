using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Krr.Hosting.Database;

/// <summary>
/// The PostgreSQL database a process works on: the configured one, or in the embedded shape with nothing
/// configured a private server started from the machine's binaries, which this object then owns and stops.
/// </summary>
public sealed class KrrDatabase : IAsyncDisposable
{
    private readonly LocalPostgres? _local;

    private KrrDatabase(NpgsqlDataSource dataSource, LocalPostgres? local)
    {
        DataSource = dataSource;
        _local = local;
    }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<KrrDatabase> OpenAsync(
        IConfiguration configuration, string dataDirectory, bool startPrivateServer, ILogger logger, CancellationToken cancellationToken)
    {
        if (configuration.GetConnectionString("Krr") is { Length: > 0 } connectionString)
        {
            return new KrrDatabase(KrrDataSources.Create(connectionString), null);
        }
        if (!startPrivateServer)
        {
            throw new InvalidOperationException(
                "No database configured: set ConnectionStrings:Krr (environment variable ConnectionStrings__Krr) to a PostgreSQL connection string.");
        }
        var local = await LocalPostgres.StartAsync(dataDirectory, logger, cancellationToken);
        return new KrrDatabase(local.CreateDataSource(), local);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }
    }
}
