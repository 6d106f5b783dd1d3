using Npgsql;

namespace Krr.Tests.Infrastructure;

/// <summary>
/// Shared PostgreSQL for tests: the run's single server (<see cref="TestPostgres"/>) and one fresh,
/// migrated database <c>krr_test_&lt;random&gt;</c> per test run. Use it through
/// <c>[Collection(PostgresCollection.Name)]</c>; tests needing an empty database call
/// <see cref="CreateFreshDatabaseAsync"/>.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private static readonly Lazy<Task<(string ConnectionString, NpgsqlDataSource DataSource)>> RunDatabase =
        new(TestPostgres.CreateMigratedDatabaseAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public string ConnectionString { get; private set; } = "";

    /// <summary>A new empty (unmigrated) database on the same server. The caller disposes the data source.</summary>
    public async Task<NpgsqlDataSource> CreateFreshDatabaseAsync() => (await TestPostgres.CreateEmptyDatabaseAsync()).DataSource;

    public async Task InitializeAsync()
    {
        var db = await RunDatabase.Value;
        DataSource = db.DataSource;
        ConnectionString = db.ConnectionString;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
