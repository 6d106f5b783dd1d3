using Krr.Api.AccessLog;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace Krr.Tests.AccessLog;

/// <summary>The access log's queue is bounded in identifiers, so a lookup of 1000 counts as 1000, and nothing queued is dropped, however soon the writer stops.</summary>
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

    private static AccessLogEntry Entry(int first, int count) =>
        new(DateTimeOffset.UtcNow, "991825827", null, "/rest/v2/personer", ["krr:global/kontaktinformasjon.read"],
            [.. Enumerable.Range(first, count).Select(i => i.ToString("D11", System.Globalization.CultureInfo.InvariantCulture))]);
}
