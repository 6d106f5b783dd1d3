using Krr.Grains.Reverification;
using Krr.Hosting.Orleans;
using Krr.Hosting.Reverification;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Krr.Silo;

/// <summary>
/// <c>Krr.Silo schedule-reverification</c>: puts stored persons that have no due entries on the re-verification
/// schedule and wakes their buckets (<see cref="DueScheduleBackfill"/>). Idempotent; run by <c>generate</c> after
/// its load, and once on a register stored before the schedule existed.
/// </summary>
internal static class ScheduleReverificationCommand
{
    public const string Name = "schedule-reverification";

    public static async Task<int> RunAsync(IConfiguration configuration, CancellationToken ct)
    {
        if (await CommandLine.ConnectionStringAsync(configuration, Name) is not { } connectionString)
        {
            return 2;
        }
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await RunAsync(dataSource, configuration, ct);
        return 0;
    }

    public static async Task RunAsync(NpgsqlDataSource dataSource, IConfiguration configuration, CancellationToken ct)
    {
        var (entries, buckets) = await DueScheduleBackfill.RunAsync(
            dataSource, CommandLine.ServiceId(configuration), new ReverificationOptions().Period, DateTimeOffset.UtcNow, ct);
        Console.WriteLine($"{Name}: {entries:N0} due entries added, {buckets:N0} due-day bucket(s) woken.");
    }
}
