using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Krr.Silo;

/// <summary>
/// <c>Krr.Silo rebuild-read-models</c>: recomputes the statistics and search read model from the stored grain
/// state (<c>krr_population_rebuild()</c>, one transaction; its summaries included), for repair after a bug or a manual fix.
/// </summary>
internal static class RebuildReadModelsCommand
{
    public const string Name = "rebuild-read-models";

    public static async Task<int> RunAsync(IConfiguration configuration, CancellationToken ct)
    {
        if (await CommandLine.ConnectionStringAsync(configuration, Name) is not { } connectionString)
        {
            return 2;
        }
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand("SELECT krr_population_rebuild()");
        command.CommandTimeout = 0;
        var rows = (long)(await command.ExecuteScalarAsync(ct))!;
        Console.WriteLine($"{Name}: {rows} identifier(s) recomputed from grain state.");
        return 0;
    }
}
