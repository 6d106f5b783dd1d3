using System.Diagnostics;
using Npgsql;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// How long the access log takes, after a side's round, to hold a row for every lookup the side answered. The log is
/// written off the request path, so without this wait one side's backlog would be written during the next side's
/// round and charged to it; with it, each side's round ends on an idle database, and the wait is reported.
/// </summary>
public sealed class AccessLogCatchUp(NpgsqlDataSource dataSource)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(10);

    /// <summary>The newest row now: the rows of what follows come after it.</summary>
    public async Task<long> MarkAsync()
    {
        await using var command = dataSource.CreateCommand("SELECT coalesce(max(id), 0) FROM krr_access_log");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Waits until <paramref name="rows"/> rows newer than <paramref name="mark"/> are stored; the time waited.</summary>
    public async Task<TimeSpan> WaitAsync(long mark, int rows)
    {
        var waiting = Stopwatch.StartNew();
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM krr_access_log WHERE id > $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = mark });
        while ((long)(await command.ExecuteScalarAsync())! < rows)
        {
            if (waiting.Elapsed > Patience)
            {
                throw new TimeoutException($"The access log did not catch up with {rows} lookups in {Patience}.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(20));
        }
        return waiting.Elapsed;
    }
}
