using Krr.Hosting.Population;
using Npgsql;
using NpgsqlTypes;

namespace Krr.Hosting.Storage;

/// <summary>
/// Application-level group commit for grain state: concurrent writes of different grains go to
/// <c>krr_grain_state</c> in one statement and one transaction, so N writers pay one round trip and one WAL flush
/// instead of N. The statement keeps the rules of the ADO.NET provider's <c>WriteToStorageKey</c> (migration 0003)
/// row by row: an update only at the expected version (the new version is the old + 1), an insert only for a grain
/// without an ETag and without a row, no row for a stale ETag (the provider's conflict). A caller's task completes
/// only after the commit; a failed statement fails every caller of its batch, and the transaction has changed nothing.
/// </summary>
public sealed class CoalescedStateWrites
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly string _serviceId;
    private readonly RequestCoalescer<PendingWrite, int?> _writes;

    public CoalescedStateWrites(NpgsqlDataSource dataSource, string serviceId)
    {
        _dataSource = dataSource;
        _serviceId = serviceId;
        _writes = new(MaxInFlight, TakeBatch, ExecuteAsync);
    }

    /// <summary>Rows per statement; what is queued beyond it goes in the next batch.</summary>
    public const int MaxBatch = 512;

    /// <summary>
    /// Batches in flight at once. One would leave PostgreSQL a single backend (one core) while the silo waits; a second
    /// lets the next batch run while the first commits. More would only make each batch smaller.
    /// </summary>
    public const int MaxInFlight = 2;

    /// <summary>
    /// The <c>WriteToStorageKey</c> rules over arrays. Rows are sorted by key (<see cref="Order"/>) so two batches lock
    /// common rows in one order. The result names each row that was stored, by position, with its new version; a
    /// position missing from it is an ETag conflict.
    /// </summary>
    private const string Sql =
        """
        WITH w AS (
            SELECT * FROM unnest($2::varchar[], $3::bigint[], $4::bigint[], $5::varchar[], $6::int[], $7::int[], $8::bytea[], $9::int[], $10::int[])
                AS w(state_name, grain_n0, grain_n1, grain_ext, grain_hash, state_hash, payload, expected, position)
        ), upd AS (
            UPDATE krr_grain_state g
            SET payload = convert_from(w.payload, 'UTF8')::jsonb,
                version = g.version + 1,
                grain_hash = w.grain_hash,
                state_hash = w.state_hash,
                modified_on = now()
            FROM w
            WHERE g.service_id = $1
              AND g.state_name = w.state_name
              AND g.grain_n0 = w.grain_n0
              AND g.grain_n1 = w.grain_n1
              AND g.grain_ext = w.grain_ext
              AND g.version = w.expected
            RETURNING w.position, g.version
        ), ins AS (
            INSERT INTO krr_grain_state
                (service_id, state_name, grain_n0, grain_n1, grain_ext, grain_hash, state_hash, payload, version, modified_on)
            SELECT $1, w.state_name, w.grain_n0, w.grain_n1, w.grain_ext, w.grain_hash, w.state_hash,
                   convert_from(w.payload, 'UTF8')::jsonb, 1, now()
            FROM w
            WHERE w.expected IS NULL
            ORDER BY w.position
            ON CONFLICT ON CONSTRAINT uq_krr_grain_state_key DO NOTHING
            RETURNING state_name, grain_n0, grain_n1, grain_ext, version
        )
        SELECT position, version FROM upd
        UNION ALL
        SELECT w.position, ins.version FROM ins JOIN w USING (state_name, grain_n0, grain_n1, grain_ext)
        """;

    /// <summary>
    /// Stores <paramref name="payload"/> (UTF-8 JSON) for the grain state <paramref name="key"/> if its stored version is
    /// <paramref name="expectedVersion"/> (null: no row yet). Answers the new version once committed, or null for an
    /// ETag conflict (nothing stored for this grain; the others of the batch are unaffected).
    /// </summary>
    public Task<int?> WriteAsync(GrainStateKey key, string stateName, byte[] payload, int? expectedVersion) =>
        _writes.SubmitAsync(new PendingWrite(key, stateName, payload, expectedVersion));

    /// <summary>
    /// The queued writes, up to <see cref="MaxBatch"/>, one per grain state (a second write of the same state, which only
    /// a grain writing without waiting for its previous write makes, waits for the next batch, as it would queue behind
    /// it in the provider), sorted in lock order.
    /// </summary>
    private static List<PendingWrite> TakeBatch(List<PendingWrite> queued)
    {
        var batch = new List<PendingWrite>(Math.Min(queued.Count, MaxBatch));
        var keys = new HashSet<(string, string)>();
        var left = new List<PendingWrite>();
        foreach (var write in queued)
        {
            if (batch.Count < MaxBatch && keys.Add((write.StateName, write.Key.Extension)))
            {
                batch.Add(write);
            }
            else
            {
                left.Add(write);
            }
        }
        queued.Clear();
        queued.AddRange(left);
        batch.Sort(Order);
        return batch;
    }

    private Task<int?[]> ExecuteAsync(List<PendingWrite> batch) => DeadlockRetry.RunAsync(() => ExecuteOnceAsync(batch));

    private async Task<int?[]> ExecuteOnceAsync(List<PendingWrite> batch)
    {
        await using var command = _dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = _serviceId, NpgsqlDbType = NpgsqlDbType.Varchar });
        command.Parameters.Add(Array(batch, w => w.StateName, NpgsqlDbType.Varchar));
        command.Parameters.Add(Array(batch, w => w.Key.N0, NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(batch, w => w.Key.N1, NpgsqlDbType.Bigint));
        command.Parameters.Add(Array(batch, w => w.Key.Extension, NpgsqlDbType.Varchar));
        command.Parameters.Add(Array(batch, w => w.Key.GrainHash, NpgsqlDbType.Integer));
        command.Parameters.Add(Array(batch, w => w.Key.StateHash, NpgsqlDbType.Integer));
        command.Parameters.Add(Array(batch, w => w.Payload, NpgsqlDbType.Bytea));
        command.Parameters.Add(Array(batch, w => w.ExpectedVersion, NpgsqlDbType.Integer));
        command.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(0, batch.Count).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        var versions = new int?[batch.Count];
        // One statement outside a transaction block is one implicit transaction: every row of the batch or none.
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            versions[reader.GetInt32(0)] = reader.GetInt32(1);
        }
        return versions;
    }

    /// <summary>
    /// The order in which a batch takes its rows' locks: by the key after its prefix, then by state name, so that also
    /// the read-model rows the triggers write for one identifier (<c>person:</c> and <c>folkereg:</c>) are taken in
    /// one order by every batch. A deadlock left anyway (with a writer outside the batcher) is retried.
    /// </summary>
    private static int Order(PendingWrite a, PendingWrite b)
    {
        var byKey = AfterPrefix(a.Key.Extension).CompareTo(AfterPrefix(b.Key.Extension), StringComparison.Ordinal);
        return byKey != 0 ? byKey : string.CompareOrdinal(a.StateName, b.StateName);
    }

    private static ReadOnlySpan<char> AfterPrefix(string key) => key.AsSpan(key.IndexOf(':') + 1);

    private static NpgsqlParameter Array<T>(List<PendingWrite> batch, Func<PendingWrite, T> column, NpgsqlDbType type) =>
        new() { Value = batch.Select(column).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | type };

    private sealed class PendingWrite(GrainStateKey key, string stateName, byte[] payload, int? expectedVersion) : ICoalescedRequest<int?>
    {
        public GrainStateKey Key { get; } = key;
        public string StateName { get; } = stateName;
        public byte[] Payload { get; } = payload;
        public int? ExpectedVersion { get; } = expectedVersion;
        public TaskCompletionSource<int?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
