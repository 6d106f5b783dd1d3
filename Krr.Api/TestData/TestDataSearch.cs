using System.Runtime.CompilerServices;
using Npgsql;

namespace Krr.Api.TestData;

/// <summary>The test data search over the read model (<c>krr_population</c>), paged by identifier; counts come from its search summary.</summary>
public sealed class TestDataSearch(NpgsqlDataSource dataSource, RegisterClock clock)
{
    private const string Columns =
        $"identifier, {TestDataFilter.StatusSql}, {TestDataFilter.CanNotifySql}, language, reserved, mobile_confirmed IS NOT NULL, email_confirmed IS NOT NULL";

    public async Task<TestDataPage> PageAsync(TestDataFilter filter, string? after, int size, CancellationToken ct)
    {
        var now = clock.UtcNow;
        await using var count = new NpgsqlCommand();
        count.CommandText = filter.SummaryCount(count, now);
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
