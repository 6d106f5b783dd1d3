using System.Threading.Channels;
using System.Threading.RateLimiting;
using Npgsql;
using NpgsqlTypes;

namespace Krr.Api.AccessLog;

/// <summary>
/// Takes access log entries off the request path and writes them to PostgreSQL in batches with binary COPY.
/// A failed batch is retried with backoff rather than dropped. What waits to be written is bounded in identifiers,
/// not in lookups (a lookup names 1 to 1000), so a long database outage slows lookups down instead of exhausting memory.
/// Unless a lookup of 1000's worth of identifiers waits, the writer lingers <see cref="Linger"/> before each COPY, so
/// small lookups are written a batch per linger instead of a COPY (and a commit) per lookup or per few
/// (docs/architecture.md, "Single-person lookup latency").
/// </summary>
public sealed partial class AccessLogWriter : BackgroundService
{
    /// <summary>About 8 MB of identifiers (queued as numbers); three seconds of lookups of 1000 at full speed.</summary>
    internal const int DefaultMaxQueuedIdentifiers = 1_000_000;
    private const int MaxBatch = 1000;
    /// <summary>As many identifiers as one lookup of 1000: a COPY that carries them is worth its round trips and commit.</summary>
    private const int WorthACopy = 1000;
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long the entries of a COPY of fewer than <see cref="WorthACopy"/> identifiers wait for company. A COPY per
    /// single-person lookup (two round trips, a commit, a PostgreSQL backend and the pool's threads woken on a two-core
    /// machine) doubled the lookups' p99 (docs/benchmarks.md); 20 ms makes such COPYs at most 50 a second, and a lookup
    /// reaches the log up to 20 ms (and the COPY before its own) later.
    /// </summary>
    internal static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);
    private readonly TimeProvider _time;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger<AccessLogWriter> _logger;
    /// <summary>Room in the queue, one permit per identifier; a lookup waits for its share and gives it back once written.</summary>
    private readonly ConcurrencyLimiter _room;
    private readonly int _maxQueuedIdentifiers;
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
        _maxQueuedIdentifiers = maxQueuedIdentifiers;
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
                // Before every COPY of fewer identifiers than a lookup of 1000, not only after a lull: a COPY and its
                // commit take a few milliseconds, and what came meanwhile, written at once, chained COPYs of a few
                // entries each (about 300 a second at 2,000 single-person lookups a second; docs/benchmarks.md).
                if (QueuedIdentifiers < WorthACopy)
                {
                    await Task.Delay(Linger, _time, stoppingToken);
                }
                await WriteBatchAsync(batch, abandon.Token);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await WriteRestAsync(batch, abandon.Token);
    }

    /// <summary>The room taken: what is queued, since a batch gives its room back once written.</summary>
    private long QueuedIdentifiers => _maxQueuedIdentifiers - _room.GetStatistics()!.CurrentAvailablePermits;

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
            while (await WriteBatchAsync(batch, abandon))
            {
            }
        }
        catch (OperationCanceledException)
        {
            LogLost(_logger, batch.Count + _queue.Reader.Count);
        }
    }

    /// <summary>
    /// Writes a batch of what is queued, false when nothing was; the batch stays in <paramref name="batch"/> until it is
    /// written, so a stop that abandons the write still counts it as lost.
    /// </summary>
    private async Task<bool> WriteBatchAsync(List<Queued> batch, CancellationToken cancellationToken)
    {
        while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var queued))
        {
            batch.Add(queued);
        }
        if (batch.Count == 0)
        {
            return false;
        }
        await WriteWithRetryAsync(batch, cancellationToken);
        foreach (var queued in batch)
        {
            queued.Room.Dispose();
        }
        batch.Clear();
        return true;
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
