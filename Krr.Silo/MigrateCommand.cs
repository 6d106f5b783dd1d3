using Krr.Hosting.Database;
using Krr.Hosting.Observability;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Krr.Silo;

/// <summary><c>Krr.Silo migrate</c>: applies the schema migrations to <c>ConnectionStrings:Krr</c>.</summary>
internal static class MigrateCommand
{
    public const string Name = "migrate";

    public static async Task<int> RunAsync(IConfiguration configuration, CancellationToken ct)
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddKrrMaskedConsole());
        var logger = loggerFactory.CreateLogger("Krr.Migrate");

        if (await CommandLine.ConnectionStringAsync(configuration, Name) is not { } connectionString)
        {
            return 2;
        }

        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var applied = await SchemaMigrator.ApplyAsync(dataSource, logger, ct);
            Console.WriteLine(applied.Count == 0
                ? "migrate: schema is up to date; nothing applied."
                : $"migrate: applied {applied.Count} migration(s): {string.Join(", ", applied.Select(m => $"{m.Version:D4}_{m.Name}"))}");
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await Console.Error.WriteLineAsync($"migrate: failed: {ex.Message}");
            return 1;
        }
    }
}
