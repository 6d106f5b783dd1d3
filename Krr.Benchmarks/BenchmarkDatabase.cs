using System.Security.Cryptography;
using Krr.Hosting.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Krr.Benchmarks;

/// <summary>
/// A fresh, migrated <c>krr_bench_*</c> database, dropped on dispose, on the server named by
/// <c>--server</c> (the test suite's), <c>ConnectionStrings__Krr</c> or else a private PostgreSQL kept under the temp directory;
/// or a named database that is kept (<see cref="OpenAsync"/>), for data too large to load per run.
/// </summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly LocalPostgres? _local;

    private readonly bool _keep;

    private BenchmarkDatabase(string adminConnectionString, LocalPostgres? local, string name, NpgsqlDataSource dataSource, bool keep)
    {
        _adminConnectionString = adminConnectionString;
        _local = local;
        Name = name;
        DataSource = dataSource;
        _keep = keep;
    }

    public string Name { get; }

    /// <summary>The server's admin connection string (its maintenance database), for server-wide statistics.</summary>
    public string AdminConnectionString => _adminConnectionString;

    public NpgsqlDataSource DataSource { get; }

    public static Task<BenchmarkDatabase> CreateAsync(ILoggerFactory loggers, string? serverConnectionString = null) =>
        OpenAsync(loggers, serverConnectionString, "krr_bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4)), keep: false);

    /// <summary>
    /// Database <paramref name="name"/>, created when missing, migrated; dropped on dispose unless <paramref name="keep"/>.
    /// </summary>
    public static async Task<BenchmarkDatabase> OpenAsync(ILoggerFactory loggers, string? serverConnectionString, string name, bool keep)
    {
        if (!LocalPostgres.IsSafeIdentifier(name))
        {
            throw new ArgumentException($"'{name}' is not a plain database name ([a-z0-9_], starting with a letter or _).", nameof(name));
        }
        var configured = serverConnectionString ?? Environment.GetEnvironmentVariable("ConnectionStrings__Krr");
        var local = string.IsNullOrWhiteSpace(configured)
            ? await LocalPostgres.StartAsync(Path.Combine(Path.GetTempPath(), "krr-bench-pg"), loggers.CreateLogger<LocalPostgres>(), CancellationToken.None)
            : null;
        var admin = local?.ConnectionString ?? configured!;
        await using (var server = NpgsqlDataSource.Create(admin))
        await using (var exists = server.CreateCommand("SELECT count(*) FROM pg_database WHERE datname = $1"))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = name });
            if ((long)(await exists.ExecuteScalarAsync())! == 0)
            {
                await using var create = server.CreateCommand($"CREATE DATABASE {name} ENCODING 'UTF8'");
                await create.ExecuteNonQueryAsync();
            }
        }
        var dataSource = KrrDataSources.Create(new NpgsqlConnectionStringBuilder(admin) { Database = name, MaxPoolSize = 200 }.ConnectionString);
        await SchemaMigrator.MigrateAsync(dataSource, NullLogger.Instance, CancellationToken.None);
        return new BenchmarkDatabase(admin, local, name, dataSource, keep);
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        if (!_keep)
        {
            await using var server = NpgsqlDataSource.Create(_adminConnectionString);
            await using var drop = server.CreateCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
            await drop.ExecuteNonQueryAsync();
        }
        if (_local is not null)
        {
            await _local.DisposeAsync();
        }
    }
}
