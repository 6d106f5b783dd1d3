using System.Security.Cryptography;
using Krr.Hosting.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Krr.Benchmarks;

/// <summary>
/// A fresh, migrated <c>krr_bench_*</c> database, dropped on dispose, on the server named by
/// <c>--server</c> (the test suite's), <c>ConnectionStrings__Krr</c> or else a private PostgreSQL kept under the temp directory.
/// </summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly LocalPostgres? _local;

    private BenchmarkDatabase(string adminConnectionString, LocalPostgres? local, string name, NpgsqlDataSource dataSource)
    {
        _adminConnectionString = adminConnectionString;
        _local = local;
        Name = name;
        DataSource = dataSource;
    }

    public string Name { get; }

    public NpgsqlDataSource DataSource { get; }

    public static async Task<BenchmarkDatabase> CreateAsync(ILoggerFactory loggers, string? serverConnectionString = null)
    {
        var configured = serverConnectionString ?? Environment.GetEnvironmentVariable("ConnectionStrings__Krr");
        var local = string.IsNullOrWhiteSpace(configured)
            ? await LocalPostgres.StartAsync(Path.Combine(Path.GetTempPath(), "krr-bench-pg"), loggers.CreateLogger<LocalPostgres>(), CancellationToken.None)
            : null;
        var admin = local?.ConnectionString ?? configured!;
        var name = "krr_bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        await using (var server = NpgsqlDataSource.Create(admin))
        await using (var create = server.CreateCommand($"CREATE DATABASE {name} ENCODING 'UTF8'"))
        {
            await create.ExecuteNonQueryAsync();
        }
        var dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 200 }.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource, NullLogger.Instance, CancellationToken.None);
        return new BenchmarkDatabase(admin, local, name, dataSource);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using (var server = NpgsqlDataSource.Create(_adminConnectionString))
        await using (var drop = server.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)"))
        {
            await drop.ExecuteNonQueryAsync();
        }
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }
    }
}
