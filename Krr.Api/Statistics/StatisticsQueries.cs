using Krr.Grains.Statistics;
using Npgsql;

namespace Krr.Api.Statistics;

/// <summary>
/// The figures of SPEC §11, read from the read model's summaries (compacted plus pending rows, migration 0044), the
/// monthly registered figures (0045), the access log and the heartbeats; never from grains. Months are calendar
/// months in UTC, like the 18-month rule.
/// </summary>
public sealed class StatisticsQueries(NpgsqlDataSource dataSource, RegisterClock clock)
{
    private const short Active = 0;

    public async Task<KeyFigures> KeyFiguresAsync(DateOnly month, CancellationToken ct) => (await HistoryAsync(month, 1, ct))[0];

    /// <summary>
    /// The key figures of the <paramref name="months"/> months up to and including <paramref name="last"/>, oldest
    /// first, in one round trip: the registered figure kept for each ended month (null where none was kept) and the
    /// current count for the month not ended, lookups and heartbeats grouped by UTC month.
    /// </summary>
    public async Task<IReadOnlyList<KeyFigures>> HistoryAsync(DateOnly last, int months, CancellationToken ct)
    {
        var first = new DateTimeOffset(last.Year, last.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1 - months);
        var end = first.AddMonths(months);
        var starts = Enumerable.Range(0, months).Select(first.AddMonths).ToList();
        var now = clock.UtcNow;
        var lastEnded = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(-1);
        await using var batch = dataSource.CreateBatch();
        foreach (var start in starts)
        {
            // The read model keeps no history: an ended month answers the figure kept at its end. The month just ended
            // is kept by the first question if the compactor has not kept it yet; an older month without a kept figure
            // has none, rather than today's count frozen into it.
            batch.BatchCommands.Add(start > lastEnded
                ? new NpgsqlBatchCommand("SELECT coalesce(sum(persons), 0)::bigint FROM krr_population_by_search_key_current WHERE krr_status = $1")
                { Parameters = { new() { Value = Active } } }
                : new NpgsqlBatchCommand(start == lastEnded
                    ? "SELECT krr_registered_month_snapshot($1)"
                    : "SELECT (SELECT registered FROM krr_registered_month WHERE month = $1)")
                { Parameters = { new() { Value = DateOnly.FromDateTime(start.UtcDateTime) } } });
        }
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            """
            SELECT date_trunc('month', logged_at, 'UTC'), count(DISTINCT consumer_org), coalesce(sum(coalesce(cardinality(identifier_numbers), cardinality(identifiers))), 0)
            FROM krr_access_log WHERE logged_at >= $1 AND logged_at < $2 GROUP BY 1
            """)
        { Parameters = { new() { Value = first }, new() { Value = end } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT min(minute) FROM krr_heartbeat"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT date_trunc('month', minute, 'UTC'), count(DISTINCT minute) FROM krr_heartbeat WHERE minute >= $1 AND minute < $2 GROUP BY 1")
        { Parameters = { new() { Value = first }, new() { Value = end } } });
        await using var reader = await batch.ExecuteReaderAsync(ct);
        var registered = new long?[months];
        for (var i = 0; i < months; i++)
        {
            await reader.ReadAsync(ct);
            registered[i] = reader.IsDBNull(0) ? null : reader.GetInt64(0);
            await reader.NextResultAsync(ct);
        }
        var lookups = new Dictionary<DateTimeOffset, (long Customers, long Lookups)>();
        while (await reader.ReadAsync(ct))
        {
            lookups[reader.GetFieldValue<DateTimeOffset>(0)] = (reader.GetInt64(1), reader.GetInt64(2));
        }
        await reader.NextResultAsync(ct);
        await reader.ReadAsync(ct);
        var firstBeat = reader.IsDBNull(0) ? (DateTimeOffset?)null : reader.GetFieldValue<DateTimeOffset>(0);
        await reader.NextResultAsync(ct);
        var upMinutes = new Dictionary<DateTimeOffset, long>();
        while (await reader.ReadAsync(ct))
        {
            upMinutes[reader.GetFieldValue<DateTimeOffset>(0)] = reader.GetInt64(1);
        }
        return Enumerable.Range(0, months).Select(i =>
        {
            var start = starts[i];
            var (customers, lookedUp) = lookups.GetValueOrDefault(start);
            return new KeyFigures($"{start:yyyy-MM}", registered[i], customers, lookedUp, Uptime(start, start.AddMonths(1), firstBeat, upMinutes.GetValueOrDefault(start)));
        }).ToList();
    }

    /// <summary>Up minutes over the month's measured minutes: from the first heartbeat ever (or the month's start) to now (or its end).</summary>
    private decimal? Uptime(DateTimeOffset start, DateTimeOffset end, DateTimeOffset? firstBeat, long upMinutes)
    {
        if (firstBeat is not { } first)
        {
            return null;
        }
        var from = first > start ? first : start;
        var now = clock.UtcNow;
        var to = now < end ? new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1) : end;
        var measured = (long)(to - from).TotalMinutes;
        return measured <= 0 ? null : Share.Percent(upMinutes, measured);
    }

    public async Task<IReadOnlyList<AgeGroupRow>> AgeTableAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.UtcNow.UtcDateTime);
        await using var command = dataSource.CreateCommand(
            """
            SELECT date_part('year', age($1::date, birth_date))::int, sum(residents)::bigint, sum(mailbox)::bigint, sum(reserved)::bigint
            FROM krr_population_by_birth_date_current
            GROUP BY 1
            """);
        command.Parameters.AddWithValue(today);
        var totals = AgeGroup.All.ToDictionary(g => g, _ => (Residents: 0L, Mailbox: 0L, Reserved: 0L));
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (AgeGroup.Of(reader.GetInt32(0)) is { } group)
            {
                var t = totals[group];
                totals[group] = (t.Residents + reader.GetInt64(1), t.Mailbox + reader.GetInt64(2), t.Reserved + reader.GetInt64(3));
            }
        }
        return AgeGroup.All
            .Select(g => new AgeGroupRow(g.Label, totals[g].Residents, Share.Percent(totals[g].Mailbox, totals[g].Residents), Share.Percent(totals[g].Reserved, totals[g].Residents)))
            .ToList();
    }

    public async Task<ReservedByArea> ReservedByAreaAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT municipality, sum(residents)::bigint, sum(reserved)::bigint FROM krr_population_by_municipality_current
            GROUP BY municipality HAVING sum(residents) > 0 ORDER BY municipality
            """);
        var municipalities = new List<ReservedRow>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                municipalities.Add(Row(reader.GetString(0), Municipalities.NameOf(reader.GetString(0)), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }
        var counties = municipalities
            .GroupBy(m => m.Number[..2])
            .Select(c => Row(c.Key, Municipality.Counties.GetValueOrDefault(c.Key), c.Sum(m => m.Residents), c.Sum(m => m.Reserved)))
            .ToList();
        // Ranked by number reserved; equal counts by municipality number, so the answer is stable.
        var ranked = municipalities.OrderByDescending(m => m.Reserved).ThenBy(m => m.Number, StringComparer.Ordinal).ToList();
        var fewest = municipalities.OrderBy(m => m.Reserved).ThenBy(m => m.Number, StringComparer.Ordinal).Take(5).ToList();
        return new ReservedByArea(counties, municipalities, ranked.Take(5).ToList(), fewest);
    }

    private static ReservedRow Row(string number, string? name, long residents, long reserved) =>
        new(number, name, residents, reserved, Share.Percent(reserved, residents));
}
