using Krr.Hosting.Population;
using Npgsql;
using NpgsqlTypes;

namespace Krr.Hosting.Storage;

/// <summary>A <c>krr_grain_state</c> row as the ADO.NET reader sees it: the payload's UTF-8 bytes (null for a tombstone) and its version.</summary>
public sealed record StoredGrainState(byte[]? Payload, int Version);

/// <summary>
/// Answers concurrent reads of <c>krr_grain_state</c> rows with one query per batch instead of one per read: a read
/// that finds a query slot free goes at once (a lone activation waits for nothing), reads arriving while the slots are
/// busy queue, and each slot that frees takes everything queued (up to <c>maxBatchSize</c>) into its next query.
/// So batches grow with the load by themselves, with no timer: a lookup that activates 1000 persons costs a few queries,
/// not 1000 (docs/architecture.md, "Coalesced state reads").
/// </summary>
/// <remarks>
/// The query selects what the provider's <c>ReadFromStorageKey</c> (migration 0003) selects, by the same key columns,
/// for many keys at once through <c>unnest</c>. A failed query fails every read in its batch, and only those.
/// </remarks>
public sealed class GrainStateReadBatcher
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;

    /// <summary>Keys per query: large enough that a 1000-person lookup is one or two queries, small enough to keep one query short.</summary>
    public const int DefaultMaxBatchSize = 1000;

    /// <summary>Queries in flight at once; PostgreSQL shares this machine's cores, so a few suffice to keep it busy.</summary>
    public const int DefaultMaxQueries = 4;

    private const string Query =
        """
        SELECT k.i, convert_to(s.payload::text, 'UTF8'), s.version
        FROM unnest($2::varchar[], $3::bigint[], $4::bigint[], $5::varchar[]) WITH ORDINALITY AS k(state_name, n0, n1, ext, i)
        JOIN krr_grain_state s
          ON s.service_id = $1 AND s.state_name = k.state_name AND s.grain_n0 = k.n0 AND s.grain_n1 = k.n1 AND s.grain_ext = k.ext
        """;

    private readonly RequestCoalescer<PendingRead, StoredGrainState?> _reads;
    private long _queries;

    public GrainStateReadBatcher(NpgsqlDataSource dataSource, string serviceId, int maxBatchSize = DefaultMaxBatchSize, int maxQueries = DefaultMaxQueries)
    {
        _dataSource = dataSource;
        _serviceId = serviceId;
        _reads = new(maxQueries, queued => Take(queued, maxBatchSize), QueryAsync);
    }

    /// <summary>Queries run so far (each answers one batch).</summary>
    public long Queries => Interlocked.Read(ref _queries);

    /// <summary>The row of state <paramref name="stateName"/> at <paramref name="key"/>'s key columns, or null when there is none.</summary>
    public Task<StoredGrainState?> ReadAsync(string stateName, GrainStateKey key)
    {
        ArgumentNullException.ThrowIfNull(stateName);
        ArgumentNullException.ThrowIfNull(key);
        return _reads.SubmitAsync(new PendingRead(stateName, key));
    }

    private static List<PendingRead> Take(List<PendingRead> queued, int maxBatchSize)
    {
        var batch = queued.GetRange(0, Math.Min(queued.Count, maxBatchSize));
        queued.RemoveRange(0, batch.Count);
        return batch;
    }

    private async Task<StoredGrainState?[]> QueryAsync(List<PendingRead> batch)
    {
        Interlocked.Increment(ref _queries);
        await using var command = _dataSource.CreateCommand(Query);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = _serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(Array(batch, read => read.StateName, NpgsqlDbType.Varchar));
        command.Parameters.Add(Array(batch, read => read.Key.N0, NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(batch, read => read.Key.N1, NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(batch, read => read.Key.Extension, NpgsqlDbType.Varchar));
        var rows = new StoredGrainState?[batch.Count];
        await using var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
        while (await reader.ReadAsync().ConfigureAwait(false))
        {
            var index = (int)reader.GetInt64(0) - 1;
            rows[index] = new StoredGrainState(reader.IsDBNull(1) ? null : reader.GetFieldValue<byte[]>(1), reader.GetInt32(2));
        }
        return rows;
    }

    private static NpgsqlParameter<T[]> Array<T>(List<PendingRead> batch, Func<PendingRead, T> column, NpgsqlDbType type) =>
        new() { TypedValue = batch.ConvertAll(read => column(read)).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };

    private sealed class PendingRead(string stateName, GrainStateKey key) : ICoalescedRequest<StoredGrainState?>
    {
        public string StateName => stateName;

        public GrainStateKey Key => key;

        public TaskCompletionSource<StoredGrainState?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
