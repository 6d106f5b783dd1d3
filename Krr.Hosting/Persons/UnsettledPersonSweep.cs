using Krr.Grains.Persons;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;

namespace Krr.Hosting.Persons;

/// <summary>
/// Finds persons whose stored state still lists unsettled contact values (a silo died mid-change, or storage failed
/// and the grain was collected) and has each settle (<see cref="IPersonGrain.SettleAsync"/>): a person nobody calls
/// would otherwise keep a stale owner set or a co-owner's stale flag. Runs beside every silo; settling is idempotent,
/// so several sweeps at once do no harm. The partial index of migration 0051 keeps the query cheap.
/// </summary>
public sealed partial class UnsettledPersonSweep(
    IGrainFactory grains, NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster, ILogger<UnsettledPersonSweep> logger) : BackgroundService
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, exception);
            }
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await using (var select = dataSource.CreateCommand(
            "SELECT grain_ext FROM krr_grain_state WHERE service_id = $1 AND state_name = 'person' AND payload -> 'Unsettled' <> '[]'::jsonb LIMIT 1000"))
        {
            select.Parameters.Add(new NpgsqlParameter { Value = cluster.Value.ServiceId });
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                keys.Add(reader.GetString(0));
            }
        }
        foreach (var key in keys)
        {
            await grains.GetGrain<IPersonGrain>(key).SettleAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sweeping unsettled persons failed; the next sweep tries again")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
