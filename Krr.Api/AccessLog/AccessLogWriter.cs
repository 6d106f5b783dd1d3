using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace Krr.Api.AccessLog;

/// <summary>
/// Takes access log entries off the request path and writes them to PostgreSQL in batches with binary COPY.
/// A failed batch is retried with backoff rather than dropped; the queue is bounded so a long database outage
/// slows lookups down instead of exhausting memory.
/// </summary>
public sealed partial class AccessLogWriter(NpgsqlDataSource dataSource, ILogger<AccessLogWriter> logger) : BackgroundService
{
    private const int MaxBatch = 1000;
    private readonly Channel<AccessLogEntry> _queue = Channel.CreateBounded<AccessLogEntry>(
        new BoundedChannelOptions(100_000) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ValueTask AppendAsync(AccessLogEntry entry, CancellationToken cancellationToken) =>
        _queue.Writer.WriteAsync(entry, cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<AccessLogEntry>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await WriteAvailableAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: write what is queued before the host goes away, but do not hang on a dead database.
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await WriteAvailableAsync(batch, grace.Token);
            }
            catch (OperationCanceledException)
            {
                LogLost(logger, batch.Count + _queue.Reader.Count);
            }
        }
    }

    private async Task WriteAvailableAsync(List<AccessLogEntry> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }
            if (batch.Count == 0)
            {
                return;
            }
            await WriteWithRetryAsync(batch, cancellationToken);
        }
    }

    private async Task WriteWithRetryAsync(List<AccessLogEntry> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await CopyAsync(batch, cancellationToken);
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or TimeoutException)
            {
                LogRetry(logger, exception, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * attempt, 5000)), cancellationToken);
            }
        }
    }

    private async Task CopyAsync(List<AccessLogEntry> batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY krr_access_log (logged_at, consumer_org, supplier_org, endpoint, scopes, identifiers) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var entry in batch)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(entry.LoggedAt, NpgsqlDbType.TimestampTz, cancellationToken);
            await import.WriteAsync(entry.ConsumerOrg, NpgsqlDbType.Char, cancellationToken);
            if (entry.SupplierOrg is null)
            {
                await import.WriteNullAsync(cancellationToken);
            }
            else
            {
                await import.WriteAsync(entry.SupplierOrg, NpgsqlDbType.Char, cancellationToken);
            }
            await import.WriteAsync(entry.Endpoint, NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(entry.Scopes.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(entry.Identifiers.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Shut down with {Count} access log entries unwritten: the database did not answer")]
    private static partial void LogLost(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} access log entries failed (attempt {Attempt}); retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, int count, int attempt);
}
