using Krr.Api.AccessLog;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Krr.Tests.AccessLog;

/// <summary>The access log's queue is bounded in identifiers, so a lookup of 1000 counts as 1000, nothing queued is dropped, however soon the writer stops, and small lookups are written a batch per linger.</summary>
public class AccessLogWriterTests
{
    [Fact]
    public async Task A_lookup_waits_for_room_while_the_queue_holds_its_bound_of_identifiers_and_both_are_written()
    {
        var (_, dataSource) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = dataSource;
        using var writer = new AccessLogWriter(dataSource, NullLogger<AccessLogWriter>.Instance, maxQueuedIdentifiers: 1500);

        // Not started, so nothing drains: the first 1000 fit, the next 1000 do not.
        await writer.AppendAsync(Entry(0, 1000), CancellationToken.None);
        var second = writer.AppendAsync(Entry(1000, 1000), CancellationToken.None);
        Assert.False(second.IsCompleted);

        await writer.StartAsync(CancellationToken.None);
        await second.AsTask().WaitAsync(TimeSpan.FromSeconds(30));
        await writer.StopAsync(CancellationToken.None);

        await using var count = dataSource.CreateCommand("SELECT count(*), sum(cardinality(identifier_numbers)) FROM krr_access_log");
        await using var reader = await count.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal(2, reader.GetInt64(0));
        Assert.Equal(2000, reader.GetInt64(1));
    }

    [Fact]
    public async Task A_stop_right_after_the_start_still_writes_what_was_queued()
    {
        var (_, dataSource) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = dataSource;
        for (var round = 0; round < 20; round++)
        {
            using var writer = new AccessLogWriter(dataSource, NullLogger<AccessLogWriter>.Instance);
            await writer.AppendAsync(Entry(round * 10, 10), CancellationToken.None);
            await writer.StartAsync(CancellationToken.None);
            await writer.StopAsync(CancellationToken.None);
        }

        await using var count = dataSource.CreateCommand("SELECT count(*) FROM krr_access_log");
        Assert.Equal(20L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Entries_that_come_one_at_a_time_within_the_linger_are_written_in_one_copy()
    {
        var (_, dataSource) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = dataSource;
        var time = new FakeTimeProvider();
        using var writer = await StartedWriterAsync(dataSource, time);

        // Single-person lookups one after another, each acknowledged (queued) at once: the clock stands still, so the
        // writer, woken by the first, is still lingering when the last comes.
        for (var lookup = 0; lookup < 10; lookup++)
        {
            await writer.AppendAsync(Entry(lookup, 1), CancellationToken.None);
            await Task.Delay(10);
        }
        Assert.Equal(0L, await CountAsync(dataSource));

        await WaitForRowsAsync(dataSource, 10, "The lingering entries were not written.", advancing: time);
        await writer.StopAsync(CancellationToken.None);

        Assert.Equal(1L, await TransactionsAsync(dataSource));
    }

    [Fact]
    public async Task Entries_that_come_while_a_copy_runs_wait_the_linger_for_one_copy_of_their_own()
    {
        var (_, dataSource) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = dataSource;
        var time = new FakeTimeProvider();
        using var writer = await StartedWriterAsync(dataSource, time);

        // A lock that COPY waits for holds the first lookup's COPY open while nine more are queued.
        await using var blocker = await dataSource.OpenConnectionAsync();
        await using var hold = await blocker.BeginTransactionAsync();
        await using (var lockTable = new Npgsql.NpgsqlCommand("LOCK TABLE krr_access_log IN SHARE MODE", blocker, hold))
        {
            await lockTable.ExecuteNonQueryAsync();
        }
        await writer.AppendAsync(Entry(0, 1), CancellationToken.None);
        await WaitForAsync(() => CopyWaitsForLockAsync(dataSource), "The first lookup's COPY did not start.", advancing: time);
        for (var lookup = 1; lookup < 10; lookup++)
        {
            await writer.AppendAsync(Entry(lookup, 1), CancellationToken.None);
        }
        await hold.CommitAsync();

        // The clock stands still: the nine wait for company although the queue never ran empty.
        await WaitForRowsAsync(dataSource, 1, "The first lookup's COPY did not finish.");
        await Task.Delay(500);
        Assert.Equal(1L, await CountAsync(dataSource));

        time.Advance(AccessLogWriter.Linger);
        await WaitForRowsAsync(dataSource, 10, "The nine were not written after the linger.");
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(2L, await TransactionsAsync(dataSource));
    }

    [Fact]
    public async Task A_lookup_of_1000_is_written_without_waiting_for_the_linger()
    {
        var (_, dataSource) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = dataSource;
        var time = new FakeTimeProvider();
        using var writer = await StartedWriterAsync(dataSource, time);

        // The clock stands still, so only a COPY that does not linger can write it.
        await writer.AppendAsync(Entry(0, 1000), CancellationToken.None);
        await WaitForRowsAsync(dataSource, 1, "The lookup of 1000 waited for the linger.");
        await writer.StopAsync(CancellationToken.None);
    }

    private static async Task<AccessLogWriter> StartedWriterAsync(Npgsql.NpgsqlDataSource dataSource, FakeTimeProvider time)
    {
        var writer = new AccessLogWriter(dataSource, NullLogger<AccessLogWriter>.Instance, AccessLogWriter.DefaultMaxQueuedIdentifiers, time);
        await writer.StartAsync(CancellationToken.None);
        return writer;
    }

    private static Task WaitForRowsAsync(Npgsql.NpgsqlDataSource dataSource, long rows, string failure, FakeTimeProvider? advancing = null) =>
        WaitForAsync(async () => await CountAsync(dataSource) >= rows, failure, advancing);

    /// <param name="advancing">A clock moved on by a linger each time the condition does not hold yet.</param>
    private static async Task WaitForAsync(Func<Task<bool>> condition, string failure, FakeTimeProvider? advancing = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            advancing?.Advance(AccessLogWriter.Linger);
            await Task.Delay(20);
        }
    }

    /// <summary>One COPY is one transaction: its rows share their xmin.</summary>
    private static async Task<long> TransactionsAsync(Npgsql.NpgsqlDataSource dataSource)
    {
        await using var transactions = dataSource.CreateCommand("SELECT count(DISTINCT xmin::text) FROM krr_access_log");
        return (long)(await transactions.ExecuteScalarAsync())!;
    }

    private static async Task<bool> CopyWaitsForLockAsync(Npgsql.NpgsqlDataSource dataSource)
    {
        await using var waiting = dataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'COPY krr_access_log%'");
        return (long)(await waiting.ExecuteScalarAsync())! > 0;
    }

    private static async Task<long> CountAsync(Npgsql.NpgsqlDataSource dataSource)
    {
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM krr_access_log");
        return (long)(await count.ExecuteScalarAsync())!;
    }

    private static AccessLogEntry Entry(int first, int count) =>
        new(DateTimeOffset.UtcNow, "991825827", null, "/rest/v2/personer", ["krr:global/kontaktinformasjon.read"],
            [.. Enumerable.Range(first, count).Select(i => i.ToString("D11", System.Globalization.CultureInfo.InvariantCulture))]);
}
