using Krr.Benchmarks.Lookup;
using Krr.Grains.Lookup;
using Krr.Grains.Persons;
using Krr.Grains.Population;
using Krr.Hosting.Population;
using Npgsql;

namespace Krr.Benchmarks;

/// <summary>
/// Puts <see cref="BenchmarkPersons"/> into the database the way <c>Krr.Silo generate</c> does (the population bulk
/// loader: exactly the grain state rows the grains would write, contact owners included), which is minutes faster
/// than seeding through the grains, and activates them.
/// </summary>
public static class BenchmarkPopulation
{
    /// <summary>The register's default <c>Orleans:ServiceId</c>, which the benchmark hosts keep.</summary>
    public const string ServiceId = "krr";

    public static Task<long> LoadAsync(NpgsqlDataSource dataSource, BenchmarkPersons persons) =>
        PopulationBulkLoader.LoadAsync(dataSource, ServiceId, persons.Records.Select(person => new GeneratedResident(
            new ResidentRecord
            {
                Identifier = person.Identifier,
                BirthDate = new DateOnly(1980, 1, 1),
                Municipality = "0301",
                Updated = person.Updated,
            },
            person)), progress: null, CancellationToken.None);

    /// <summary>
    /// Activates every person on the register's silo: a call to each person grain (a lookup would read a person seen
    /// for the first time without activating it), 1000 at once, a few batches at a time. A batch that fails (Orleans'
    /// 30 s response timeout, state reads finding the connection pool exhausted: both seen activating a million persons on
    /// the machine at load 100) is asked again, up to 5 times: a read changes nothing, and the persons it did activate
    /// answer at once the second time.
    /// </summary>
    public static Task ActivateAsync(IGrainFactory grains, BenchmarkPersons persons) =>
        Parallel.ForEachAsync(persons.Records.Chunk(LookupGrain.MaxBatchSize), new ParallelOptions { MaxDegreeOfParallelism = 4 },
            async (chunk, _) =>
            {
                for (var attempt = 1; ; attempt++)
                {
                    try
                    {
                        await Task.WhenAll(chunk.Select(p => grains.GetPerson(p.Identifier).GetAsync()));
                        return;
                    }
                    catch (Exception) when (attempt < 5)
                    {
                    }
                }
            });
}
