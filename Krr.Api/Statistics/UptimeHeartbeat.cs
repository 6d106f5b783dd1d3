using Npgsql;

namespace Krr.Api.Statistics;

/// <summary>
/// Writes this process's heartbeat for the current minute, once a minute, so the service measures its own uptime.
/// A minute without any process's row is a minute the register did not serve. It also keeps the previous month's
/// registered count (<c>krr_registered_month</c>), since it is what runs at every month's end.
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
        var now = clock.UtcNow;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "INSERT INTO krr_heartbeat (minute, process) VALUES (date_trunc('minute', $1), $2) ON CONFLICT DO NOTHING")
        { Parameters = { new() { Value = now }, new() { Value = _process } } });
        // The previous month's registered figure, kept within a minute of its end (a no-op once kept).
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT krr_registered_month_snapshot($1)")
        { Parameters = { new() { Value = new DateOnly(now.Year, now.Month, 1).AddMonths(-1) } } });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing the uptime heartbeat failed")]
    private static partial void LogBeatFailed(ILogger logger, Exception exception);
}
