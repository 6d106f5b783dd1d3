using Krr.Grains.Persons;
using Krr.Grains.Reverification;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;

namespace Krr.Hosting.Reverification;

/// <summary>
/// <see cref="IDueEntryStore"/> on <c>krr_reverification_due</c>, per Orleans service id like grain state and
/// reminders. Sets of entries travel as arrays (<c>unnest</c>), so a batch is one round trip whatever its size.
/// </summary>
public sealed class PostgresDueEntryStore(NpgsqlDataSource dataSource, IOptions<ClusterOptions> cluster) : IDueEntryStore
{
    private string ServiceId => cluster.Value.ServiceId;

    public async Task ApplyAsync(IReadOnlyCollection<DueEntry> removed, IReadOnlyCollection<DueEntry> added, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
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
        if (batch.BatchCommands.Count > 0)
        {
            // One batch is one implicit transaction: the removals and additions of a move land together.
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public async Task<IReadOnlyList<DueEntry>> ReadDueAsync(DateOnly day, DateTimeOffset now, int limit, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
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
        await using var command = dataSource.CreateCommand(
            "SELECT min(due_at) FROM krr_reverification_due WHERE service_id = $1 AND due_day = $2");
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = day });
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime next ? new DateTimeOffset(next, TimeSpan.Zero) : null;
    }

    private void AddKeys(NpgsqlBatchCommand command, IReadOnlyCollection<DueEntry> entries)
    {
        command.Parameters.Add(new NpgsqlParameter { Value = ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.Person).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => (short)e.Channel).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => (short)e.Kind).ToArray() });
        command.Parameters.Add(new NpgsqlParameter { Value = entries.Select(e => e.LastConfirmed.UtcDateTime).ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
    }
}
