using System.Security.Cryptography;
using System.Text;
using Krr.Hosting.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Krr.Tests.Infrastructure;

/// <summary>
/// The one PostgreSQL server of a test run, started lazily on first use and shared by every fixture
/// (a process-wide singleton, so class fixtures and collection fixtures all get the same server).
/// <list type="bullet">
/// <item><c>KRR_TEST_CONNECTION</c> set: that server is used (the connection string's database is only used to create others).</item>
/// <item>otherwise: a <see cref="LocalPostgres"/> with its data under the temp directory,
/// <c>krr-test-pg/&lt;checkout hash&gt;</c>, kept across runs so later runs skip initdb; one directory per
/// checkout so parallel worktrees do not stop each other's server.</item>
/// </list>
/// Databases created here (<c>krr_test_*</c>) are dropped and the server stopped at process exit.
/// If PostgreSQL cannot be started or reached the tests fail; they never skip.
/// </summary>
public static class TestPostgres
{
    private static readonly Lazy<Task<Server>> Instance = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly List<string> CreatedDatabases = [];

    public static Task<Server> GetAsync() => Instance.Value;

    /// <summary>Creates an empty database <c>krr_test_&lt;random&gt;</c> (not migrated).</summary>
    public static async Task<(string ConnectionString, NpgsqlDataSource DataSource)> CreateEmptyDatabaseAsync()
    {
        var server = await GetAsync();
        var name = "krr_test_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        await using (var admin = NpgsqlDataSource.Create(server.AdminConnectionString))
        await using (var create = admin.CreateCommand($"CREATE DATABASE {name} ENCODING 'UTF8'"))
        {
            await create.ExecuteNonQueryAsync();
        }

        lock (CreatedDatabases)
        {
            CreatedDatabases.Add(name);
        }

        var cs = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = name }.ConnectionString;
        return (cs, NpgsqlDataSource.Create(cs));
    }

    /// <summary>Creates and migrates a fresh database.</summary>
    public static async Task<(string ConnectionString, NpgsqlDataSource DataSource)> CreateMigratedDatabaseAsync()
    {
        var db = await CreateEmptyDatabaseAsync();
        await SchemaMigrator.MigrateAsync(db.DataSource, NullLogger.Instance, CancellationToken.None);
        return db;
    }

    private static async Task<Server> StartAsync()
    {
        var external = Environment.GetEnvironmentVariable("KRR_TEST_CONNECTION");
        if (!string.IsNullOrWhiteSpace(external))
        {
            await using var probe = NpgsqlDataSource.Create(external);
            await using var connection = await probe.OpenConnectionAsync(); // fail loudly when unreachable
            var admin = new NpgsqlConnectionStringBuilder(external) { Pooling = true }.ConnectionString;
            AppDomain.CurrentDomain.ProcessExit += (_, _) => DropCreatedDatabases(admin);
            return new Server(admin, null);
        }

        var checkout = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(AppContext.BaseDirectory)))[..10];
        var dataDirectory = Path.Combine(Path.GetTempPath(), "krr-test-pg", checkout);
        using var loggerFactory = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
        var local = await LocalPostgres.StartAsync(dataDirectory, loggerFactory.CreateLogger<LocalPostgres>(), CancellationToken.None);
        var server = new Server(local.ConnectionString, local);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            DropCreatedDatabases(server.AdminConnectionString);
            local.RequestStop(); // no wait: the test host may be torn down right after exit handlers
        };
        return server;
    }

    private static void DropCreatedDatabases(string adminConnectionString)
    {
        string[] names;
        lock (CreatedDatabases)
        {
            names = [.. CreatedDatabases];
        }

        try
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(adminConnectionString);
            connection.Open();
            foreach (var name in names)
            {
                using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
                drop.ExecuteNonQuery();
            }
        }
        catch (NpgsqlException)
        {
            // Best effort at exit; leftovers are harmless test databases.
        }
    }

    public sealed record Server(string AdminConnectionString, LocalPostgres? Local);
}
