using Npgsql;

namespace Krr.Api.Statistics;

/// <summary>
/// Writes this process's heartbeat for the current minute, once a minute, so the service measures its own uptime.
/// A minute without any process's row is a minute the register did not serve.
/// </summary>
public sealed partial class UptimeHeartbeat(NpgsqlDataSource dataSource, RegisterClock clock, ILogger<UptimeHeartbeat> logger) : BackgroundService
{
    private readonly string _process = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1), clock.Provider);
        do
        {
            try
            {
                await BeatAsync(stoppingToken);
            }
            catch (NpgsqlException exception)
            {
                // A minute the database cannot be written is rightly counted as down.
                LogBeatFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO krr_heartbeat (minute, process) VALUES (date_trunc('minute', $1), $2) ON CONFLICT DO NOTHING");
        command.Parameters.AddWithValue(clock.UtcNow);
        command.Parameters.AddWithValue(_process);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the uptime heartbeat failed")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);
}
