using Krr.Grains.Population;
using Krr.Hosting.Population;
using Krr.Tests.Api;
using Krr.Tests.Population;

namespace Krr.Tests.Statistics;

/// <summary>The embedded register with a small generated population bulk-loaded into its empty database.</summary>
public sealed class GeneratedRegister : EmbeddedDeployment
{
    public const int Residents = 5600;

    public IReadOnlyList<GeneratedResident> Population { get; private set; } = [];

    public DateOnly Today => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        Population = PopulationGenerator.Generate(new PopulationSettings
        {
            Residents = Residents,
            Distribution = PopulationGeneratorTests.Table(),
            Today = Today,
            Now = Clock.GetUtcNow(),
        }).ToList();
        await PopulationBulkLoader.LoadAsync(Database, "krr", Population, progress: null, CancellationToken.None);
    }
}
