using System.Threading.Channels;
using System.Threading.RateLimiting;
using Npgsql;
using NpgsqlTypes;

namespace Krr.Api.AccessLog;

/// <summary>
/// Takes access log entries off the request path and writes them to PostgreSQL in batches with binary COPY.
/// A failed batch is retried with backoff rather than dropped. What waits to be written is bounded in identifiers,
/// not in lookups (a lookup names 1 to 1000), so a long database outage slows lookups down instead of exhausting memory.
/// When the queue has run empty, the writer lingers <see cref="Linger"/> after the next entry before it writes, so light
/// traffic is written a batch per linger instead of a COPY (and a commit) per lookup (docs/architecture.md,
/// "Single-person lookup latency").
/// </summary>
public sealed partial class AccessLogWriter : BackgroundService
{
    /// <summary>About 8 MB of identifiers (queued as numbers); three seconds of lookups of 1000 at full speed.</summary>
    internal const int DefaultMaxQueuedIdentifiers = 1_000_000;
    private const int MaxBatch = 1000;
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the first entry after a lull waits for company. A COPY per single-person lookup (two round trips, a
    /// commit, a PostgreSQL backend and the pool's threads woken on a two-core machine) doubled the lookups' p99
    /// (docs/benchmarks.md); 20 ms turns up to ~1,500 such COPYs a second into 50, and a lookup reaches the log 20 ms later.
    /// </summary>
    internal static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);
    private readonly TimeProvider _time;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<AccessLogWriter> _logger;
    /// <summary>Room in the queue, one permit per identifier; a lookup waits for its share and gives it back once written.</summary>
    private readonly ConcurrencyLimiter _room;
    private readonly Channel<Queued> _queue = Channel.CreateUnbounded<Queued>(new UnboundedChannelOptions { SingleReader = true });

    public AccessLogWriter(NpgsqlDataSource dataSource, ILogger<AccessLogWriter> logger)
        : this(dataSource, logger, DefaultMaxQueuedIdentifiers)
    {
    }

    /// <param name="time">Times the linger; the system's by default (not the register clock, which tests stop or set back).</param>
    internal AccessLogWriter(NpgsqlDataSource dataSource, ILogger<AccessLogWriter> logger, int maxQueuedIdentifiers, TimeProvider? time = null)
    {
        _dataSource = dataSource;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _room = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = maxQueuedIdentifiers,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    public async ValueTask AppendAsync(AccessLogEntry entry, CancellationToken cancellationToken)
    {
        var numbers = AccessLogIdentifiers.ToNumbers(entry.Identifiers);
        var room = await _room.AcquireAsync(Math.Max(1, numbers.Length), cancellationToken);
        // Unbounded and never completed, so it always takes the entry: the room above is the bound.
        _ = _queue.Writer.TryWrite(new Queued(entry, numbers, room));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The stop does not cancel a write: a COPY cut off might have committed or not, and its batch would be lost
        // or doubled. Writes are given up only when the database has not taken what is queued within the grace.
        using var abandon = new CancellationTokenSource();
        await using var stopping = stoppingToken.Register(() => abandon.CancelAfter(ShutdownGrace));
        var batch = new List<Queued>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken))
            {
                // Only after a lull: under load the queue never runs empty and batches fill while the last COPY runs.
                await Task.Delay(Linger, _time, stoppingToken);
                await WriteAvailableAsync(batch, abandon.Token);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await WriteRestAsync(batch, abandon.Token);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        // .NET 10 runs ExecuteAsync through Task.Run on the stopping token, so a stop that comes before it started
        // cancels it unrun (the only way it ends canceled): what was queued is written here instead.
        if (ExecuteTask is { IsCanceled: true })
        {
            using var abandon = new CancellationTokenSource(ShutdownGrace);
            await WriteRestAsync(new List<Queued>(MaxBatch), abandon.Token);
        }
    }

    private async Task WriteRestAsync(List<Queued> batch, CancellationToken abandon)
    {
        try
        {
            await WriteAvailableAsync(batch, abandon);
        }
        catch (OperationCanceledException)
        {
            LogLost(_logger, batch.Count + _queue.Reader.Count);
        }
    }

    /// <summary>Writes until the queue is empty; a batch stays in <paramref name="batch"/> until it is written.</summary>
    private async Task WriteAvailableAsync(List<Queued> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var queued))
            {
                batch.Add(queued);
            }
            if (batch.Count == 0)
            {
                return;
            }
            await WriteWithRetryAsync(batch, cancellationToken);
            foreach (var queued in batch)
            {
                queued.Room.Dispose();
            }
            batch.Clear();
        }
    }

    private async Task WriteWithRetryAsync(List<Queued> batch, CancellationToken cancellationToken)
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
                LogRetry(_logger, exception, batch.Count, attempt);
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(200 * attempt, 5000)), cancellationToken);
            }
        }
    }

    private async Task CopyAsync(List<Queued> batch, CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var import = await connection.BeginBinaryImportAsync(
            "COPY krr_access_log (logged_at, consumer_org, supplier_org, endpoint, scopes, identifier_numbers) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        foreach (var (entry, numbers, _) in batch)
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
            await import.WriteAsync(numbers, NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken);
        }
        await import.CompleteAsync(cancellationToken);
    }

    public override void Dispose()
    {
        _room.Dispose();
        base.Dispose();
    }

    private sealed record Queued(AccessLogEntry Entry, long[] IdentifierNumbers, RateLimitLease Room);

    [LoggerMessage(Level = LogLevel.Error, Message = "Shut down with {Count} access log entries unwritten: the database did not answer")]
    private static partial void LogLost(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Writing {Count} access log entries failed (attempt {Attempt}); retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception, int count, int attempt);
}
