using Krr.Grains.Domain;
using Krr.Grains.Population;
using Krr.Hosting.Database;
using Krr.Hosting.Orleans;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Krr.Silo;

/// <summary>
/// <c>Krr.Silo import-folkeregister &lt;file&gt;</c>: applies a JSON-lines file of Folkeregisteret events through a
/// running silo cluster (as an Orleans client). Replaying a file applies nothing twice.
/// </summary>
internal static class ImportFolkeregisterCommand
{
    public const string Name = "import-folkeregister";

    public static async Task<int> RunAsync(string path, IConfiguration configuration, CancellationToken ct)
    {
        List<FolkeregisterEvent> events;
        using (var reader = File.OpenText(path))
        {
            (events, var errors) = await FolkeregisterJsonLines.ReadAsync(reader);
            if (errors.Count > 0)
            {
                foreach (var (line, error) in errors.Take(20))
                {
                    // The line number finds the event; the output may end up in a job log, so values are masked.
                    await Console.Error.WriteLineAsync($"{Name}: line {line}: {error.Code}: {PersonalDataMask.Scrub(error.Message)}");
                }
                await Console.Error.WriteLineAsync($"{Name}: {errors.Count} invalid line(s); nothing was applied.");
                return 2;
            }
        }

        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        using var bootstrapLogging = LoggerFactory.Create(logging => logging.AddConsole());
        await using var database = await KrrDatabase.OpenAsync(
            builder.Configuration, dataDirectory: "", startPrivateServer: false, bootstrapLogging.CreateLogger("Krr.Import"), ct);
        builder.UseOrleansClient(client => client.UseKrrClient(builder.Configuration, database.DataSource));
        using var host = builder.Build();
        await host.StartAsync(ct);
        var result = await FolkeregisterIngestion.ApplyAsync(host.Services.GetRequiredService<IGrainFactory>(), events,
            progress => Console.Write($"\r{Name}: {progress.Applied + progress.Replayed}/{events.Count} events ({progress.Applied} applied, {progress.Replayed} already applied)"));
        Console.WriteLine();
        await host.StopAsync(ct);
        Console.WriteLine($"{Name}: {result.Applied} applied, {result.Replayed} already applied.");
        return 0;
    }
}
