using System.Diagnostics;
using Krr.Grains.Population;
using Krr.Grains.Statistics;
using Krr.Hosting.Database;
using Krr.Hosting.Population;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Krr.Silo;

/// <summary>
/// <c>Krr.Silo generate --residents N --distribution age-distribution.csv [--seed S]</c>: a synthetic population
/// loaded straight into PostgreSQL by binary COPY (grain state and read model), migrating the schema first, then
/// put on the re-verification schedule (<c>schedule-reverification</c>).
/// Meant for an empty register; silos need not run, and are best stopped (the load locks the grain state table).
/// </summary>
internal static class GenerateCommand
{
    public const string Name = "generate";

    public static async Task<int> RunAsync(IConfiguration configuration, CancellationToken ct)
    {
        if (!long.TryParse(configuration["residents"], out var residents) || residents <= 0
            || configuration["distribution"] is not { Length: > 0 } distributionPath)
        {
            await Console.Error.WriteLineAsync($"{Name}: usage: {Name} --residents N --distribution <csv> [--seed S]");
            return 2;
        }
        if (await CommandLine.ConnectionStringAsync(configuration, Name) is not { } connectionString)
        {
            return 2;
        }
        IReadOnlyList<AgeDistributionRow> distribution;
        try
        {
            using var reader = File.OpenText(distributionPath);
            distribution = AgeDistribution.Parse(reader);
        }
        catch (Exception exception) when (exception is FormatException or IOException)
        {
            await Console.Error.WriteLineAsync($"{Name}: {distributionPath}: {exception.Message}");
            return 2;
        }

        var now = DateTimeOffset.UtcNow;
        var settings = new PopulationSettings
        {
            Residents = residents,
            Distribution = distribution,
            Today = DateOnly.FromDateTime(now.UtcDateTime),
            Now = now,
            Seed = configuration.GetValue("seed", PopulationSettings.DefaultSeed),
        };
        var serviceId = CommandLine.ServiceId(configuration);
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await SchemaMigrator.ApplyAsync(dataSource, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance, ct);
        var clock = Stopwatch.StartNew();
        var loaded = await PopulationBulkLoader.LoadAsync(dataSource, serviceId, PopulationGenerator.Generate(settings),
            count => Console.Write($"\r{Name}: {count:N0}/{residents:N0} residents ({100.0 * count / residents:0}%) in {clock.Elapsed:mm\\:ss}"), ct);
        Console.WriteLine();
        Console.WriteLine($"{Name}: {loaded:N0} residents loaded in {clock.Elapsed:mm\\:ss}.");
        // The load writes grain state without the grains, so nobody has put the persons on the schedule yet.
        await ScheduleReverificationCommand.RunAsync(dataSource, configuration, ct);
        return 0;
    }
}
