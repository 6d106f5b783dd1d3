using Krr.Grains.Population;
using Krr.Hosting.Database;
using Krr.Hosting.Population;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Krr.Tests.Population;

/// <summary>A fresh, migrated database holding a generated population loaded by the bulk loader: no grain has seen it.</summary>
internal sealed record BulkLoadedPopulation(NpgsqlDataSource Database, string ServiceId, IReadOnlyList<GeneratedResident> Residents) : IAsyncDisposable
{
    public static async Task<BulkLoadedPopulation> LoadAsync(PostgresFixture postgres, int residents, DateTimeOffset now, string servicePrefix)
    {
        var db = await postgres.CreateFreshDatabaseAsync();
        await SchemaMigrator.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);
        var serviceId = $"{servicePrefix}-{Guid.NewGuid():N}";
        var population = PopulationGenerator.Generate(new PopulationSettings
        {
            Residents = residents,
            Distribution = PopulationGeneratorTests.Table(),
            Today = DateOnly.FromDateTime(now.UtcDateTime),
            Now = now,
        }).ToList();
        await PopulationBulkLoader.LoadAsync(db, serviceId, population, progress: null, CancellationToken.None);
        return new(db, serviceId, population);
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
