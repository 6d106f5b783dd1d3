using Krr.Grains.Domain;
using Krr.Grains.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Krr.Hosting.Messaging;

/// <summary>
/// Drains <c>krr_outbox</c>: claims due rows with <c>FOR UPDATE SKIP LOCKED</c> (so any number of dispatchers,
/// one per silo, share the work), sends them, and marks them sent. A claim is a lease (<c>locked_until</c>), not
/// a transaction: a process that dies mid-send leaves the row claimed until the lease runs out, and then another
/// dispatcher sends it. Delivery is therefore at least once; the dedupe key travels with the message.
/// </summary>
public sealed partial class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    IMessageSender sender,
    IOptions<OutboxDispatcherOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            int claimed;
            try
            {
                claimed = await DispatchDueAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                LogDatabaseFailed(logger, exception);
                claimed = 0;
            }
            if (claimed == 0)
            {
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    /// <summary>Claims one batch of due rows and sends them; returns how many were claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var batch = await ClaimAsync(cancellationToken);
        foreach (var row in batch)
        {
            try
            {
                await sender.SendAsync(row.Message, cancellationToken);
            }
            catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = options.Value.BackoffAfter(row.Attempts + 1);
                LogSendFailed(logger, exception, row.Id, row.Attempts + 1, delay);
                await MarkFailedAsync(row.Id, delay, exception, cancellationToken);
                continue;
            }
            await MarkSentAsync(row.Id, cancellationToken);
        }
        return batch.Count;
    }

    private async Task<List<ClaimedRow>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE krr_outbox SET locked_until = now() + $1
            WHERE id IN (SELECT id FROM krr_outbox
                         WHERE sent_at IS NULL AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until <= now())
                         ORDER BY next_attempt_at
                         LIMIT $2
                         FOR UPDATE SKIP LOCKED)
            RETURNING id, dedupe_key, channel, recipient, subject, body, attempts
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = options.Value.LockDuration });
        command.Parameters.Add(new NpgsqlParameter { Value = options.Value.BatchSize });
        var rows = new List<ClaimedRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var message = new OutboxMessage(
                reader.GetString(1),
                reader.GetString(2) == "email" ? MessageChannel.Email : MessageChannel.Sms,
                reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetString(5));
            rows.Add(new ClaimedRow(reader.GetInt64(0), message, reader.GetInt32(6)));
        }
        return rows;
    }

    private async Task MarkSentAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE krr_outbox SET sent_at = now(), attempts = attempts + 1, locked_until = NULL, last_error = NULL WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task MarkFailedAsync(long id, TimeSpan delay, Exception exception, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE krr_outbox SET attempts = attempts + 1, next_attempt_at = now() + $2, locked_until = NULL, last_error = $3 WHERE id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        command.Parameters.Add(new NpgsqlParameter { Value = delay });
        // Servers quote the recipient in their errors; the row keeps only the masked form.
        command.Parameters.Add(new NpgsqlParameter { Value = PersonalDataMask.Scrub($"{exception.GetType().Name}: {exception.Message}") });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private sealed record ClaimedRow(long Id, OutboxMessage Message, int Attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox message {Id} failed (attempt {Attempt}); next try in {Delay}")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, long id, int attempt, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming outbox messages failed; trying again")]
    private static partial void LogDatabaseFailed(ILogger logger, Exception exception);
}
