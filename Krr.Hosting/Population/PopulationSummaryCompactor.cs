using Krr.Grains;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Krr.Hosting.Population;

/// <summary>
/// Folds the read model's pending summary rows into the compacted ones (<c>krr_population_compact()</c>, migration
/// 0044) every few seconds, and keeps the previous month's registered figure (<c>krr_registered_month</c>, 0045).
/// It runs beside every silo, because silos are what always run; the database lets one compactor at a time work
/// and the others skip. Readers add the pending rows themselves, so a late or stopped compactor makes reads
/// slower, never wrong.
/// </summary>
public sealed partial class PopulationSummaryCompactor(NpgsqlDataSource dataSource, RegisterClock clock, ILogger<PopulationSummaryCompactor> logger)
    : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, not the register's clock: tests move the register by months, and compaction must go on.
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await CompactAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                LogCompactionFailed(logger, exception);
            }
        }
    }

    private async Task CompactAsync(CancellationToken cancellationToken)
    {
        var now = clock.UtcNow;
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT krr_population_compact()"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT krr_registered_month_snapshot($1)")
        { Parameters = { new() { Value = new DateOnly(now.Year, now.Month, 1).AddMonths(-1) } } });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Compacting the population summaries failed")]
    private static partial void LogCompactionFailed(ILogger logger, Exception exception);
}
