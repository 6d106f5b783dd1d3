using Krr.Api.TestData;
using Npgsql;

namespace Krr.Tests.Statistics;

/// <summary>
/// The summaries of krr_population (migration 0042) against the straightforward SQL over its rows, on the generated
/// population and after inserts, updates, upserts and deletes. The changes are rolled back, so the fixture's known
/// answers stay true for the other tests.
/// </summary>
public sealed class PopulationSummariesTests(GeneratedRegister register) : IClassFixture<GeneratedRegister>
{
    // The summaries recomputed from the rows, with the zero rows the triggers leave behind dropped.
    private const string Summaries =
        """
        SELECT 'b', birth_date::text, residents, mailbox, reserved FROM krr_population_by_birth_date
            WHERE (residents, mailbox, reserved) <> (0, 0, 0)
        UNION ALL SELECT 'm', municipality, residents, reserved, 0 FROM krr_population_by_municipality
            WHERE (residents, reserved) <> (0, 0)
        UNION ALL SELECT 'd', confirmed_day::text, persons, 0, 0 FROM krr_population_by_confirmed_day WHERE persons <> 0
        ORDER BY 1, 2
        """;

    private const string Straightforward =
        """
        SELECT 'b', birth_date::text, count(*), count(*) FILTER (WHERE krr_status = 0 AND mailbox_provider IS NOT NULL),
               count(*) FILTER (WHERE krr_status = 0 AND reserved)
            FROM krr_population WHERE resident_status = 0 AND birth_date IS NOT NULL GROUP BY birth_date
        UNION ALL SELECT 'm', municipality, count(*), count(*) FILTER (WHERE krr_status = 0 AND reserved), 0
            FROM krr_population WHERE resident_status = 0 AND municipality IS NOT NULL GROUP BY municipality
        UNION ALL SELECT 'd', CASE WHEN krr_status = 0 AND NOT reserved AND greatest(email_confirmed, mobile_confirmed) IS NOT NULL
                                   THEN ((greatest(email_confirmed, mobile_confirmed) AT TIME ZONE 'UTC')::date)::text
                                   ELSE '-infinity' END, count(*), 0, 0
            FROM krr_population GROUP BY 2
        ORDER BY 1, 2
        """;

    public static TheoryData<string> Changes() =>
    [
        "",
        "UPDATE krr_population SET reserved = NOT reserved WHERE identifier IN (SELECT identifier FROM krr_population ORDER BY identifier LIMIT 300)",
        "UPDATE krr_population SET municipality = '0301', birth_date = birth_date - 400 WHERE identifier IN (SELECT identifier FROM krr_population ORDER BY identifier DESC LIMIT 200)",
        "UPDATE krr_population SET krr_status = CASE WHEN krr_status IS NULL THEN 0 ELSE NULL END, mailbox_provider = '123456789' WHERE identifier LIKE '%3'",
        "UPDATE krr_population SET email_confirmed = email_confirmed - interval '37 days 5 hours', mobile_confirmed = NULL WHERE identifier LIKE '%7'",
        "UPDATE krr_population SET resident_status = 1 WHERE identifier LIKE '%1'",
        "UPDATE krr_population SET language = 'nn'",
        "DELETE FROM krr_population WHERE identifier LIKE '%5' OR identifier LIKE '%8'",
        "INSERT INTO krr_population SELECT '9' || substr(identifier, 2), krr_status, reserved, email_confirmed, mobile_confirmed, language, mailbox_provider, birth_date, municipality, resident_status FROM krr_population WHERE identifier LIKE '%2'",
        "SELECT krr_population_upsert_resident(jsonb_build_object('Identifier', identifier, 'BirthDate', '1950-01-01', 'Municipality', '4601', 'Status', 0)) FROM krr_population WHERE identifier LIKE '%4'",
        "TRUNCATE krr_population; SELECT krr_population_rebuild()",
    ];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task Summaries_and_the_notifiable_count_equal_the_straightforward_SQL_after_each_change(string change)
    {
        await using var connection = await register.Database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        foreach (var statement in change.Split("; ", StringSplitOptions.RemoveEmptyEntries))
        {
            await using var command = new NpgsqlCommand(statement, connection, transaction);
            await command.ExecuteNonQueryAsync();
        }

        Assert.True(await RowsAsync(connection, transaction, Straightforward) > 1000);
        Assert.Equal(await DumpAsync(connection, transaction, Straightforward), await DumpAsync(connection, transaction, Summaries));
        foreach (var now in await InstantsAsync(connection, transaction))
        {
            foreach (var canNotify in new[] { true, false })
            {
                Assert.Equal(await ScanCountAsync(connection, transaction, canNotify, now), await SummaryCountAsync(connection, transaction, canNotify, now));
            }
        }
        await transaction.RollbackAsync();
    }

    /// <summary>
    /// Instants around which the count changes: today, the expiry of a stored confirmation (its own day is the
    /// boundary day, that row exactly at fresh-since), a microsecond either side, and a confirmation day's UTC midnight.
    /// </summary>
    private async Task<List<DateTimeOffset>> InstantsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        await using var command = new NpgsqlCommand(
            "SELECT greatest(email_confirmed, mobile_confirmed) FROM krr_population WHERE krr_status = 0 AND NOT reserved AND greatest(email_confirmed, mobile_confirmed) IS NOT NULL ORDER BY identifier LIMIT 3",
            connection, transaction);
        var instants = new List<DateTimeOffset> { register.Clock.GetUtcNow() };
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var expires = Krr.Grains.Domain.ContactFreshness.Expires(reader.GetFieldValue<DateTimeOffset>(0));
            instants.AddRange([expires, expires.AddTicks(-10), expires.AddTicks(10), new DateTimeOffset(expires.UtcDateTime.Date, TimeSpan.Zero)]);
        }
        return instants;
    }

    private static async Task<long> ScanCountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool canNotify, DateTimeOffset now)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT count(*) FROM krr_population WHERE {(canNotify ? "" : "NOT ")}{TestDataFilter.CanNotifySql}", connection, transaction);
        command.Parameters.AddWithValue("fresh_since", FreshSince.At(now));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> SummaryCountAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, bool canNotify, DateTimeOffset now)
    {
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        command.CommandText = TestDataSearch.NotifiableCount(command, canNotify, now);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<long> RowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM ({sql}) q", connection, transaction);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> DumpAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(',', Enumerable.Range(0, 5).Select(i => reader.GetValue(i).ToString())));
        }
        return rows;
    }
}
