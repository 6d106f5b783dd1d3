using System.Text.Json;
using Krr.Grains.Persons;
using Krr.Grains.Reverification;
using Npgsql;
using NpgsqlTypes;

namespace Krr.Hosting.Reverification;

/// <summary>
/// Puts on the re-verification schedule the persons stored without their due entries: those written by
/// <see cref="Population.PopulationBulkLoader"/> (COPY, no grains) and those stored before the schedule existed.
/// </summary>
/// <remarks>
/// <para>
/// Which entries a record has is <see cref="DueSchedule.For"/>, read here from each stored person's payload rather
/// than copied into SQL: a SQL copy would have to repeat the month arithmetic, the microsecond truncation
/// (PostgreSQL rounds seven-digit fractions where <see cref="DueEntry.Stored"/> truncates) and the
/// recorded-expiry rule, and two copies of them drift. The writing is set-based: the entries are COPYed into a
/// temporary table and put on the schedule by one <c>INSERT … SELECT … ON CONFLICT DO NOTHING</c>, so a run
/// again adds nothing, and an entry a running person grain has written meanwhile wins over the one read here.
/// An entry read from a record that has changed since is a stale row, which the bucket's tick repairs
/// (<see cref="IReverificationTarget.RescheduleAsync"/>) like a move lost with a silo.
/// </para>
/// <para>
/// Each bucket that got entries is woken by writing its reminder row, in the same transaction, as
/// <see cref="IDueDayGrain.WakeAsync"/> would: <c>generate</c> runs with the silos stopped, so there may be no
/// grain to call. The reminder is due at once and the bucket's first tick sets its own next wake-up. An upsert,
/// not an insert: a bucket emptying while the entries are added then fails to unregister the changed row (its
/// etag is stale), where keeping its row would have let it drop the reminder that the new entries need. Running
/// silos pick the rows up at their next reminder-list refresh.
/// </para>
/// </remarks>
public static class DueScheduleBackfill
{
    /// <param name="period">The buckets' reminder period (<see cref="ReverificationOptions.Period"/>).</param>
    /// <param name="now">When the woken reminders first fire.</param>
    /// <returns>The entries added and the buckets woken.</returns>
    public static async Task<(long Entries, int Buckets)> RunAsync(
        NpgsqlDataSource dataSource, string serviceId, TimeSpan period, DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await ExecuteAsync(connection,
            """
            CREATE TEMPORARY TABLE krr_due_backfill
                (person text, channel smallint, kind smallint, last_confirmed timestamptz, due_at timestamptz, due_day date)
                ON COMMIT DROP
            """, ct);
        await CopyScheduleAsync(dataSource, connection, serviceId, ct);

        var days = new List<DateOnly>();
        long entries = 0;
        await using (var insert = new NpgsqlCommand(
            """
            WITH added AS (
                INSERT INTO krr_reverification_due (service_id, person, channel, kind, last_confirmed, due_at, due_day)
                SELECT $1, person, channel, kind, last_confirmed, due_at, due_day FROM krr_due_backfill
                ON CONFLICT (service_id, person, channel, kind) DO NOTHING
                RETURNING due_day)
            SELECT due_day, count(*) FROM added GROUP BY due_day
            """, connection))
        {
            insert.Parameters.Add(new NpgsqlParameter { Value = serviceId });
            await using var reader = await insert.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                days.Add(reader.GetFieldValue<DateOnly>(0));
                entries += reader.GetInt64(1);
            }
        }

        await using (var wake = new NpgsqlCommand(
            """
            INSERT INTO orleansreminderstable AS r (serviceid, grainid, remindername, starttime, period, grainhash, version)
            SELECT $1, b.grainid, $2, $3, $4, b.grainhash, 0 FROM unnest($5::text[], $6::int[]) AS b(grainid, grainhash)
            ON CONFLICT (serviceid, grainid, remindername) DO UPDATE
                SET starttime = excluded.starttime, period = excluded.period, version = r.version + 1
            """, connection))
        {
            var buckets = days.Select(DueDayKey.GrainIdFor).ToArray();
            wake.Parameters.Add(new NpgsqlParameter { Value = serviceId });
            wake.Parameters.Add(new NpgsqlParameter { Value = DueDayKey.ReminderName });
            wake.Parameters.Add(new NpgsqlParameter { Value = now.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            wake.Parameters.Add(new NpgsqlParameter { Value = (long)period.TotalMilliseconds });
            wake.Parameters.Add(new NpgsqlParameter { Value = buckets.Select(b => b.ToString()).ToArray() });
            // The ADO.NET reminder table stores the uint hash as int, as its own queries pass it.
            wake.Parameters.Add(new NpgsqlParameter { Value = buckets.Select(b => unchecked((int)b.GetUniformHashCode())).ToArray() });
            await wake.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return (entries, days.Count);
    }

    /// <summary>Streams every stored person's entries into <c>krr_due_backfill</c> on <paramref name="target"/>.</summary>
    private static async Task CopyScheduleAsync(NpgsqlDataSource dataSource, NpgsqlConnection target, string serviceId, CancellationToken ct)
    {
        // A second connection reads while the first copies, so the population never sits in memory.
        await using var read = dataSource.CreateCommand(
            "SELECT payload->'Record' FROM krr_grain_state WHERE service_id = $1 AND state_name = 'person'");
        read.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        await using var persons = await read.ExecuteReaderAsync(ct);
        await using var copy = await target.BeginBinaryImportAsync(
            "COPY krr_due_backfill (person, channel, kind, last_confirmed, due_at, due_day) FROM STDIN (FORMAT BINARY)", ct);
        while (await persons.ReadAsync(ct))
        {
            var record = persons.IsDBNull(0) ? null : JsonSerializer.Deserialize<PersonRecord>(persons.GetString(0));
            foreach (var entry in DueSchedule.For(record))
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(entry.Person, NpgsqlDbType.Text, ct);
                await copy.WriteAsync((short)entry.Channel, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync((short)entry.Kind, NpgsqlDbType.Smallint, ct);
                await copy.WriteAsync(entry.LastConfirmed.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(entry.DueAt.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(entry.Day, NpgsqlDbType.Date, ct);
            }
        }
        await copy.CompleteAsync(ct);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }
}
