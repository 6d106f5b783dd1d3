using System.Runtime.CompilerServices;
using Npgsql;

namespace Krr.Api.TestData;

/// <summary>The test data search over the read model (<c>krr_population</c>), paged by identifier.</summary>
public sealed class TestDataSearch(NpgsqlDataSource dataSource, RegisterClock clock)
{
    private const string Columns =
        $"identifier, {TestDataFilter.StatusSql}, {TestDataFilter.CanNotifySql}, language, reserved, mobile_confirmed IS NOT NULL, email_confirmed IS NOT NULL";

    public async Task<TestDataPage> PageAsync(TestDataFilter filter, string? after, int size, CancellationToken ct)
    {
        var now = clock.UtcNow;
        await using var count = new NpgsqlCommand();
        count.CommandText = filter is { CanNotify: { } canNotify, Status: null, Language: null, Reserved: null, HasMobile: null, HasEmail: null }
            ? NotifiableCount(count, canNotify, now)
            : $"SELECT count(*) FROM krr_population {filter.Where(count, now)}";
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            count.Connection = connection;
            var hits = (long)(await count.ExecuteScalarAsync(ct))!;
            var persons = new List<TestPersonRow>(size);
            await foreach (var row in RowsAsync(filter, after, size, now, ct))
            {
                persons.Add(row);
            }
            return new TestDataPage(hits, persons, persons.Count == size ? persons[^1].Identifier : null);
        }
    }

    /// <summary>
    /// The varslingsstatus count alone from <c>krr_population_by_confirmed_day</c> (migration 0042) instead of a scan:
    /// notifiable are the persons counted under days after the day of <see cref="FreshSince"/>, plus that day's
    /// persons confirmed at or after it, counted exactly in <c>ix_krr_population_notifiable</c>. The same rule as
    /// <see cref="TestDataFilter.CanNotifySql"/>; the others are every row less those.
    /// </summary>
    internal static string NotifiableCount(NpgsqlCommand command, bool canNotify, DateTimeOffset now)
    {
        var since = FreshSince.At(now);
        var day = new DateTimeOffset(since.UtcDateTime.Date, TimeSpan.Zero);
        command.Parameters.AddWithValue("fresh_since", since);
        command.Parameters.AddWithValue("day", DateOnly.FromDateTime(day.UtcDateTime));
        command.Parameters.AddWithValue("next_day", day.AddDays(1));
        const string Notifiable =
            """
            (SELECT coalesce(sum(persons), 0) FROM krr_population_by_confirmed_day WHERE confirmed_day > @day)
            + (SELECT count(*) FROM krr_population WHERE krr_status = 0 AND NOT reserved
               AND greatest(email_confirmed, mobile_confirmed) >= @fresh_since AND greatest(email_confirmed, mobile_confirmed) < @next_day)
            """;
        return canNotify
            ? $"SELECT ({Notifiable})::bigint"
            : $"SELECT ((SELECT coalesce(sum(persons), 0) FROM krr_population_by_confirmed_day) - ({Notifiable}))::bigint";
    }

    /// <summary>Every matching row in identifier order, read as PostgreSQL sends it: nothing is held beyond one row.</summary>
    public IAsyncEnumerable<TestPersonRow> AllAsync(TestDataFilter filter, CancellationToken ct) =>
        RowsAsync(filter, after: null, limit: null, clock.UtcNow, ct);

    private async IAsyncEnumerable<TestPersonRow> RowsAsync(
        TestDataFilter filter, string? after, int? limit, DateTimeOffset now, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand();
        var where = filter.Where(command, now);
        if (after is not null)
        {
            where += " AND identifier > @after";
            command.Parameters.AddWithValue("after", after);
        }
        command.CommandText = $"SELECT {Columns} FROM krr_population {where} ORDER BY identifier"
            + (limit is { } l ? $" LIMIT {l}" : "");
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return new TestPersonRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetBoolean(2) ? "KAN_VARSLES" : "KAN_IKKE_VARSLES",
                reader.IsDBNull(3) ? null : reader.GetString(3),
                YesNo(reader.GetBoolean(4)),
                YesNo(reader.GetBoolean(5)),
                YesNo(reader.GetBoolean(6)));
        }
    }

    private static string YesNo(bool value) => value ? "JA" : "NEI";
}
