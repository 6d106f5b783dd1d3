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
        return (cs, KrrDataSources.Create(cs));
    }

    /// <summary>Creates and migrates a fresh database.</summary>
    public static async Task<(string ConnectionString, NpgsqlDataSource DataSource)> CreateMigratedDatabaseAsync()
    {
        var db = await CreateEmptyDatabaseAsync();
        await SchemaMigrator.MigrateAsync(db.DataSource, NullLogger.Instance, CancellationToken.None);
        return db;
    }

    /// <summary>
    /// Creates a database as a register deployed before migration <paramref name="version"/> left it: every earlier
    /// migration applied and recorded, so a test can put that era's data in and then migrate.
    /// </summary>
    public static async Task<NpgsqlDataSource> CreateMigratedBeforeAsync(int version)
    {
        var database = (await CreateEmptyDatabaseAsync()).DataSource;
        await ExecuteAsync(database, "CREATE TABLE krr_schema_migrations (version int NOT NULL PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        foreach (var migration in SchemaMigrator.Migrations.Where(m => m.Version < version))
        {
            await ExecuteAsync(database, migration.Sql);
            await ExecuteAsync(database, $"INSERT INTO krr_schema_migrations (version, name) VALUES ({migration.Version}, '{migration.Name}')");
        }
        return database;
    }

    public static async Task ExecuteAsync(NpgsqlDataSource database, string sql)
    {
        await using var command = database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
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
        // Throw-away test data: no durability needed, and DROP DATABASE checkpoints become cheap.
        var settings = new Dictionary<string, string> { ["fsync"] = "off", ["synchronous_commit"] = "off", ["full_page_writes"] = "off", ["max_connections"] = "800" };
        var local = await LocalPostgres.StartAsync(dataDirectory, loggerFactory.CreateLogger<LocalPostgres>(), settings, CancellationToken.None);
        var server = new Server(local.ConnectionString, local);

        // The test host allows exit handlers little time, so the server is only asked to stop there;
        // databases left by earlier runs are dropped here, in the background.
        var leftovers = await ListTestDatabasesAsync(server.AdminConnectionString);
        _ = Task.Run(() => DropDatabases(server.AdminConnectionString, leftovers, force: false));
        AppDomain.CurrentDomain.ProcessExit += (_, _) => local.RequestStop();
        return server;
    }

    private static void DropCreatedDatabases(string adminConnectionString)
    {
        string[] names;
        lock (CreatedDatabases)
        {
            names = [.. CreatedDatabases];
        }

        NpgsqlConnection.ClearAllPools();
        DropDatabases(adminConnectionString, names, force: true);
    }

    private static async Task<List<string>> ListTestDatabasesAsync(string adminConnectionString)
    {
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var list = new NpgsqlCommand("SELECT datname FROM pg_database WHERE datname LIKE 'krr\\_test\\_%'", connection);
        await using var reader = await list.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static void DropDatabases(string adminConnectionString, IEnumerable<string> names, bool force)
    {
        try
        {
            using var connection = new NpgsqlConnection(adminConnectionString);
            connection.Open();
            foreach (var name in names)
            {
                try
                {
                    using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name}{(force ? " WITH (FORCE)" : "")}", connection);
                    drop.ExecuteNonQuery();
                }
                catch (PostgresException)
                {
                    // In use by a concurrent run: leave it.
                }
            }
        }
        catch (NpgsqlException)
        {
            // Best effort; leftovers are harmless test databases.
        }
    }

    public sealed record Server(string AdminConnectionString, LocalPostgres? Local);
}
