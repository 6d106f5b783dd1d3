using Krr.Grains.MailboxProviders;
using Krr.Hosting;
using Krr.Grains.Persons;
using Krr.Grains.Population;

namespace Krr.Api.DemoData;

/// <summary>
/// Loads the demo register at first start of the embedded shape: the showcase persons before the API serves
/// (so the printed lookup command works at once), the generated ones in the background after.
/// </summary>
public sealed partial class DemoDataLoader(IGrainFactory grains, RegisterClock clock, IConfiguration configuration, ILogger<DemoDataLoader> logger)
    : BackgroundService
{
    private const int DefaultGeneratedCount = 3000;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await grains.GetPerson(DemoPopulation.SeedPerson).GetAsync() is null)
        {
            var now = clock.UtcNow;
            await grains.GetMailboxProvider(DemoPopulation.Digipost).SetCertificateAsync(DemoCertificate.Create("Digipost", now));
            await grains.GetMailboxProvider(DemoPopulation.EBoks).SetCertificateAsync(DemoCertificate.Create("e-Boks", now));
            var named = DemoPopulation.Named(now).ToList();
            foreach (var person in named)
            {
                await grains.GetPerson(person.Identifier).SeedAsync(person);
            }
            LogSeeded(logger, named.Count);
        }
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var count = configuration.GetValue(KrrConfigurationKeys.DemoDataGeneratedPersons, DefaultGeneratedCount);
        var residents = DemoPopulation.Generated(count, clock.UtcNow).ToList();
        if (residents.Count == 0 || await grains.GetResident(residents[^1].Resident.Identifier).GetAsync() is not null)
        {
            return;
        }
        // Through the grains, not the bulk loader: the demo shows the register computing duplicate flags itself.
        await Parallel.ForEachAsync(
            residents,
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = stoppingToken },
            async (generated, _) =>
            {
                await grains.GetResident(generated.Resident.Identifier).SeedAsync(generated.Resident);
                if (generated.Person is { } person)
                {
                    await grains.GetPerson(person.Identifier).SeedAsync(person);
                }
            });
        LogGenerated(logger, residents.Count);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Count} showcase persons loaded")]
    private static partial void LogSeeded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Demo data: {Count} generated residents loaded")]
    private static partial void LogGenerated(ILogger logger, int count);
}
