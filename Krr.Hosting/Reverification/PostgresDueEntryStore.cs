using Krr.Grains.Persons;
using Krr.Grains.Reverification;
using Krr.Hosting.Storage;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;

namespace Krr.Hosting.Reverification;

/// <summary>
/// <see cref="IDueEntryStore"/> on <c>krr_reverification_due</c>, per Orleans service id like grain state and
/// reminders. Sets of entries travel as arrays (<c>unnest</c>), so a batch is one round trip whatever its size, and
/// concurrent moves of different persons share one (<see cref="RequestCoalescer{TRequest, TResult}"/>, as the state
/// writes do): every person change moves its entries, and one statement per change cost the silo more CPU than the
/// change's state writes together (docs/benchmarks.md, "Writes").
/// </summary>
public sealed class PostgresDueEntryStore : IDueEntryStore
{
    /// <summary>Batches in flight at once; as for the state writes, a second lets the next batch run while one commits.</summary>
    public const int MaxInFlight = 2;

    /// <summary>Entries per batch; a larger move goes alone.</summary>
    public const int MaxBatchEntries = 4096;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IOptions<ClusterOptions> _cluster;
    private readonly RequestCoalescer<PendingMove, bool> _moves;

    public PostgresDueEntryStore(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster)
    {
        _dataSource = dataSource;
        _cluster = cluster;
        _moves = new(MaxInFlight, TakeBatch, ExecuteAsync);
    }

    private string ServiceId => _cluster.Value.ServiceId;

    /// <remarks>
    /// Completes once the move's batch is committed; a failed batch fails every move in it and has changed nothing. A move
    /// already submitted is not cancelled (it may share its statement with others).
    /// </remarks>
    public Task ApplyAsync(IReadOnlyCollection<DueEntry> removed, IReadOnlyCollection<DueEntry> added, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return removed.Count == 0 && added.Count == 0 ? Task.CompletedTask : _moves.SubmitAsync(new PendingMove(removed, added));
    }

    /// <summary>
    /// The queued moves up to <see cref="MaxBatchEntries"/>, at most one per person: a person's later move waits for the
    /// next batch, so the removals and additions of one batch never meet on a row (an upsert may not touch a row twice).
    /// </summary>
    private static List<PendingMove> TakeBatch(List<PendingMove> queued)
    {
        var batch = new List<PendingMove>();
        var left = new List<PendingMove>();
        var persons = new HashSet<string>(StringComparer.Ordinal);
        var entries = 0;
        foreach (var move in queued)
        {
            var fits = batch.Count == 0 || entries + move.Count <= MaxBatchEntries;
            if (fits && move.Persons().All(p => !persons.Contains(p)))
            {
                persons.UnionWith(move.Persons());
                entries += move.Count;
                batch.Add(move);
            }
            else
            {
                left.Add(move);
            }
        }
        queued.Clear();
        queued.AddRange(left);
        return batch;
    }

    private async Task<bool[]> ExecuteAsync(List<PendingMove> moves)
    {
        // Rows in key order, so two batches take their locks in one order.
        var added = moves.SelectMany(m => m.Added).Order(EntryOrder.Instance).ToList();
        // The upsert replaces the entry of the same person, channel and kind anyway, so only removed entries without such
        // a successor are deleted: a contact change replaces its entries, and deleting them first cost a statement (a join
        // over the table, planned as a scan of it while the table was small) for nothing.
        var replaced = added.Select(e => (e.Person, e.Channel, e.Kind)).ToHashSet();
        var removed = moves.SelectMany(m => m.Removed).Where(e => !replaced.Contains((e.Person, e.Channel, e.Kind)))
            .Order(EntryOrder.Instance).ToList();
        return await DeadlockRetry.RunAsync(async () =>
        {
            await ExecuteOnceAsync(removed, added);
            return moves.Select(_ => true).ToArray();
        });
    }

    private async Task ExecuteOnceAsync(List<DueEntry> removed, List<DueEntry> added)
    {
        await using var batch = _dataSource.CreateBatch();
        if (removed.Count > 0)
        {
            var delete = new NpgsqlBatchCommand(
                """
                DELETE FROM krr_reverification_due d
                USING unnest($2::text[], $3::smallint[], $4::smallint[], $5::timestamptz[]) AS r(person, channel, kind, last_confirmed)
                WHERE d.service_id = $1 AND d.person = r.person AND d.channel = r.channel AND d.kind = r.kind
                  AND d.last_confirmed = r.last_confirmed
                """);
            AddKeys(delete, removed);
            batch.BatchCommands.Add(delete);
        }
        if (added.Count > 0)
        {
            var upsert = new NpgsqlBatchCommand(
                """
                INSERT INTO krr_reverification_due (service_id, person, channel, kind, last_confirmed, due_at, due_day)
                SELECT $1, r.* FROM unnest($2::text[], $3::smallint[], $4::smallint[], $5::timestamptz[], $6::timestamptz[], $7::date[])
                    AS r(person, channel, kind, last_confirmed, due_at, due_day)
                ON CONFLICT (service_id, person, channel, kind) DO UPDATE
                    SET last_confirmed = excluded.last_confirmed, due_at = excluded.due_at, due_day = excluded.due_day
                """);
            AddKeys(upsert, added);
            upsert.Parameters.Add(new NpgsqlParameter { Value = added.Select(e => e.DueAt.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            upsert.Parameters.Add(new NpgsqlParameter { Value = added.Select(e => e.Day).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Date });
            batch.BatchCommands.Add(upsert);
        }
        // One batch is one implicit transaction: the removals and additions of every move in it land together.
        await batch.ExecuteNonQueryAsync();
    }

    public async Task<IReadOnlyList<DueEntry>> ReadDueAsync(DateOnly day, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            """
            SELECT person, channel, kind, last_confirmed FROM krr_reverification_due
            WHERE service_id = $1 AND due_day = $2 AND due_at <= $3
            ORDER BY due_at
            LIMIT $4
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = day });
        command.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter { Value = limit });
        var result = new List<DueEntry>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add(new DueEntry(
                reader.GetString(0),
                (ContactChannel)reader.GetInt16(1),
                (DueKind)reader.GetInt16(2),
                new DateTimeOffset(reader.GetFieldValue<DateTime>(3), TimeSpan.Zero)));
        }
        return result;
    }

    public async Task<DateTimeOffset?> NextDueAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT min(due_at) FROM krr_reverification_due WHERE service_id = $1 AND due_day = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = day });
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    private void AddKeys(NpgsqlBatchCommand command, List<DueEntry> entries)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Person).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => (short)e.Channel).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => (short)e.Kind).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.LastConfirmed.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
    }

    /// <summary>By person, channel and kind: the table's key after the service id.</summary>
    private sealed class EntryOrder : IComparer<DueEntry>
    {
        public static readonly EntryOrder Instance = new();

        public int Compare(DueEntry? x, DueEntry? y)
        {
            var byPerson = string.CompareOrdinal(x!.Person, y!.Person);
            return byPerson != 0 ? byPerson : (x.Channel, x.Kind).CompareTo((y.Channel, y.Kind));
        }
    }

    private sealed class PendingMove(IReadOnlyCollection<DueEntry> removed, IReadOnlyCollection<DueEntry> added) : ICoalescedRequest<bool>
    {
        public IReadOnlyCollection<DueEntry> Removed => removed;
        public IReadOnlyCollection<DueEntry> Added => added;
        public int Count => removed.Count + added.Count;
        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IEnumerable<string> Persons() => removed.Select(e => e.Person).Concat(added.Select(e => e.Person));
    }
}
