using System.Text.Json;
using Krr.Grains.Persons;
using Npgsql;

namespace Krr.Api.ChangesFeed;

/// <summary>One numbered change: its public id and the person record as stored by that change.</summary>
public sealed record PersonChange(long ChangeId, PersonRecord Record);

/// <summary>A page of the feed and the newest id numbered so far.</summary>
public sealed record ChangesPage(IReadOnlyList<PersonChange> Changes, long LatestId);

/// <summary>
/// Reads the changes feed from <c>krr_person_change</c> (migration 0030). Before reading, it gives ids to the
/// committed changes that have none. Numbering is serialised across API processes by an advisory lock, which
/// PostgreSQL releases only after the numbering transaction is visible, so ids become visible in increasing
/// order: whoever sees id n sees every id below it, and a change whose writer commits late gets a later id
/// instead of a hole behind a reader.
/// </summary>
public sealed class ChangesFeedStore(NpgsqlDataSource dataSource)
{
    /// <summary>Ids start above this (krr-reference.md §5.2: the new platform's ids are above 200 000 000).</summary>
    public const long IdBase = 200_000_000;

    public const int PageSize = 1000;

    private const int NumberingChunk = 10_000;
    private const int MaxNumberedPerRead = 100_000;

    /// <summary>Arbitrary constant naming the numbering lock ("krr-feed").</summary>
    private const long NumberingLock = 0x6b72722d66656564;

    // The storage serializer writes System.Text.Json with default options: C# property names, enums as numbers.
    private static readonly JsonSerializerOptions StoredJson = new();

    public async Task<ChangesPage> ReadAsync(long from, CancellationToken cancellationToken)
    {
        await NumberReadyChangesAsync(cancellationToken);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new("SELECT change_id, record::text FROM krr_person_change WHERE change_id >= $1 ORDER BY change_id LIMIT $2")
                {
                    Parameters = { new() { Value = from }, new() { Value = PageSize } },
                },
                // Read after the page, so it is never below the page's last id.
                new("SELECT coalesce(max(change_id), $1) FROM krr_person_change") { Parameters = { new() { Value = IdBase } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var changes = new List<PersonChange>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var record = JsonSerializer.Deserialize<PersonRecord>(reader.GetString(1), StoredJson)!;
            changes.Add(new PersonChange(reader.GetInt64(0), record));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ChangesPage(changes, reader.GetInt64(0));
    }

    private async Task NumberReadyChangesAsync(CancellationToken cancellationToken)
    {
        for (var numbered = 0; numbered < MaxNumberedPerRead;)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
            {
                lockCommand.Parameters.Add(new() { Value = NumberingLock });
                await lockCommand.ExecuteNonQueryAsync(cancellationToken);
            }
            // A new statement, so its snapshot is taken after the previous numberer committed.
            await using var number = new NpgsqlCommand("""
                WITH last AS (
                    SELECT coalesce(max(change_id), $1) AS id FROM krr_person_change
                ), ready AS (
                    SELECT recorded, row_number() OVER (ORDER BY recorded) AS n
                    FROM krr_person_change
                    WHERE change_id IS NULL
                    ORDER BY recorded
                    LIMIT $2
                )
                UPDATE krr_person_change c
                SET change_id = last.id + ready.n
                FROM ready, last
                WHERE c.recorded = ready.recorded
                """, connection, transaction);
            number.Parameters.Add(new() { Value = IdBase });
            number.Parameters.Add(new() { Value = NumberingChunk });
            var count = await number.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            numbered += count;
            if (count < NumberingChunk)
            {
                return;
            }
        }
    }
}
