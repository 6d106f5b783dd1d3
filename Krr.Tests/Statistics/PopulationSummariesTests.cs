using Krr.Api.TestData;
using Krr.Grains.Population;
using Krr.Hosting.Population;
using Krr.Tests.Infrastructure;
using Krr.Tests.Population;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Krr.Tests.Statistics;

/// <summary>
/// The summaries of <c>krr_population</c> (migration 0044) against plain SQL over it: after a bulk load, then after
/// each of a seeded random sequence of changes (updates of every summarised column, deletions, insertions, the
/// grains' upserts, a rolled-back writer, compactions, a rebuild), at instants around month ends and 18-month
/// boundaries, for the summaries themselves and for search counts over random filter combinations.
/// </summary>
public sealed class PopulationSummariesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Steps = 30;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 30, 23, 59, 59, TimeSpan.Zero));
    private NpgsqlDataSource _database = null!;

    public async Task InitializeAsync()
    {
        _database = (await TestPostgres.CreateMigratedDatabaseAsync()).DataSource;
        var population = PopulationGenerator.Generate(new PopulationSettings
        {
            Residents = 3000,
            Distribution = PopulationGeneratorTests.Table(),
            Today = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime),
            Now = _clock.GetUtcNow(),
        });
        await PopulationBulkLoader.LoadAsync(_database, "krr", population, progress: null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>The summaries with their pending rows added and zero groups dropped: what every reader sees.</summary>
    private const string Summaries =
        """
        SELECT 'b', birth_date::text, sum(residents), sum(mailbox), sum(reserved) FROM krr_population_by_birth_date_current
            GROUP BY birth_date HAVING (sum(residents), sum(mailbox), sum(reserved)) <> (0, 0, 0)
        UNION ALL SELECT 'm', municipality, sum(residents), sum(reserved), 0 FROM krr_population_by_municipality_current
            GROUP BY municipality HAVING (sum(residents), sum(reserved)) <> (0, 0)
        UNION ALL SELECT 's', concat_ws('|', krr_status, reserved, language, has_mobile, has_email, confirmed_day), sum(persons), 0, 0
            FROM krr_population_by_search_key_current GROUP BY 2 HAVING sum(persons) <> 0
        ORDER BY 1, 2
        """;

    private const string Straightforward =
        """
        SELECT 'b', birth_date::text, count(*), count(*) FILTER (WHERE krr_status = 0 AND mailbox_provider IS NOT NULL),
               count(*) FILTER (WHERE krr_status = 0 AND reserved)
            FROM krr_population WHERE resident_status = 0 AND birth_date IS NOT NULL GROUP BY birth_date
        UNION ALL SELECT 'm', municipality, count(*), count(*) FILTER (WHERE krr_status = 0 AND reserved), 0
            FROM krr_population WHERE resident_status = 0 AND municipality IS NOT NULL GROUP BY municipality
        UNION ALL SELECT 's', concat_ws('|', krr_status, reserved, language, mobile_confirmed IS NOT NULL, email_confirmed IS NOT NULL,
                                        (greatest(email_confirmed, mobile_confirmed) AT TIME ZONE 'UTC')::date), count(*), 0, 0
            FROM krr_population GROUP BY 2
        ORDER BY 1, 2
        """;

    /// <summary>A random sample of <c>{0}</c> rows, by a salt of the step.</summary>
    private const string Sample = "identifier IN (SELECT identifier FROM krr_population ORDER BY md5(identifier || '{1}') LIMIT {0})";

    private static readonly string[] Changes =
    [
        $"UPDATE krr_population SET reserved = NOT reserved WHERE {Sample}",
        $"UPDATE krr_population SET municipality = (ARRAY['0301', '4601', '5001', NULL])[1 + {{2}} % 4], birth_date = birth_date - {{2}} WHERE {Sample}",
        $"UPDATE krr_population SET krr_status = (ARRAY[0, 1, NULL]::smallint[])[1 + {{2}} % 3], mailbox_provider = CASE WHEN {{2}} % 2 = 0 THEN '123456789' END WHERE {Sample}",
        $"UPDATE krr_population SET email_confirmed = email_confirmed - make_interval(days => {{2}}, hours => {{2}} % 24), mobile_confirmed = CASE WHEN {{2}} % 3 = 0 THEN NULL ELSE now() - make_interval(days => 17 * {{2}}) END WHERE {Sample}",
        $"UPDATE krr_population SET resident_status = (ARRAY[0, 1, 2, 3, NULL]::smallint[])[1 + {{2}} % 5] WHERE {Sample}",
        $"UPDATE krr_population SET language = (ARRAY['nb', 'nn', 'en', 'se', NULL])[1 + {{2}} % 5] WHERE {Sample}",
        $"UPDATE krr_population SET language = language WHERE {Sample}",
        $"DELETE FROM krr_population WHERE {Sample}",
        $"INSERT INTO krr_population SELECT 'T' || lpad(({{1}} * 1000 + row_number() OVER ())::text, 10, '0'), krr_status, reserved, email_confirmed, mobile_confirmed, language, mailbox_provider, birth_date, municipality, resident_status FROM krr_population WHERE {Sample}",
        $"SELECT krr_population_upsert_resident(jsonb_build_object('Identifier', identifier, 'BirthDate', '1950-01-01', 'Municipality', '4601', 'Status', 0)) FROM krr_population WHERE {Sample}",
        $"SELECT krr_population_upsert_person(jsonb_build_object('Identifier', identifier, 'Status', 0, 'Reserved', {{2}} % 2 = 0, 'Language', 'nn', 'Mobile', jsonb_build_object('Updated', now() - make_interval(days => 10 * {{2}})))) FROM krr_population WHERE {Sample}",
        "SELECT krr_population_compact()",
        "SELECT krr_population_compact()",
    ];

    [Fact]
    public async Task Summaries_and_counts_equal_plain_SQL_after_random_changes_month_ends_and_compaction()
    {
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        await AssertSameAsync(random, "after the bulk load");
        for (var step = 0; step < Steps; step++)
        {
            // A rolled-back writer and a rebuild at fixed steps, so every run has them; the rest at random.
            var roll = step switch { 10 => Changes.Length, 20 => Changes.Length + 1, _ => random.Next(Changes.Length + 2) };
            string change;
            if (roll == Changes.Length)
            {
                // A writer that rolls back while a compactor runs: its pending rows never count.
                change = "rolled back";
                await using var connection = await _database.OpenConnectionAsync();
                await using var transaction = await connection.BeginTransactionAsync();
                await using (var write = new NpgsqlCommand(string.Format(Changes[0], 50, step, 0), connection, transaction))
                {
                    await write.ExecuteNonQueryAsync();
                }
                await ExecuteAsync("SELECT krr_population_compact()");
                await transaction.RollbackAsync();
            }
            else if (roll == Changes.Length + 1)
            {
                change = "rebuild";
                await ExecuteAsync("SELECT krr_population_rebuild()");
            }
            else
            {
                change = string.Format(Changes[roll], random.Next(1, 400), step, random.Next(1, 900));
                await ExecuteAsync(change);
            }
            // Across month ends: the last instant of a month and the first of the next, or a jump of up to two months.
            _clock.SetUtcNow(random.Next(3) switch
            {
                0 => MonthStart(_clock.GetUtcNow()).AddMonths(1).AddTicks(-10),
                1 => MonthStart(_clock.GetUtcNow()).AddMonths(1),
                _ => _clock.GetUtcNow().AddDays(random.Next(60)).AddMinutes(random.Next(1440)),
            });
            await AssertSameAsync(random, change);
        }

        await ExecuteAsync("SELECT krr_population_compact()");
        await using var last = await _database.OpenConnectionAsync();
        Assert.Equal(0, await CountAsync(last,
            "SELECT (SELECT count(*) FROM krr_population_by_birth_date_pending) + (SELECT count(*) FROM krr_population_by_municipality_pending) + (SELECT count(*) FROM krr_population_by_search_key_pending)"));
        await AssertSameAsync(random, "the last compaction");
    }

    private async Task AssertSameAsync(Random random, string after)
    {
        await using var connection = await _database.OpenConnectionAsync();
        Assert.True(await CountAsync(connection, "SELECT count(*) FROM krr_population") > 1000);
        Assert.Equal(await DumpAsync(connection, Straightforward), await DumpAsync(connection, Summaries));
        foreach (var now in await InstantsAsync(connection))
        {
            foreach (var filter in Filters(random))
            {
                await using var scan = new NpgsqlCommand { Connection = connection };
                scan.CommandText = $"SELECT count(*) FROM krr_population {filter.Where(scan, now)}";
                await using var summary = new NpgsqlCommand { Connection = connection };
                summary.CommandText = filter.SummaryCount(summary, now);
                Assert.True((long)(await scan.ExecuteScalarAsync())! == (long)(await summary.ExecuteScalarAsync())!,
                    $"{filter} at {now:O} after {after}");
            }
        }
    }

    /// <summary>The clock, its month's last microsecond, and instants around a stored confirmation's expiry (its own day is the boundary day).</summary>
    private async Task<List<DateTimeOffset>> InstantsAsync(NpgsqlConnection connection)
    {
        var now = _clock.GetUtcNow();
        var instants = new List<DateTimeOffset> { now, MonthStart(now).AddMonths(1).AddTicks(-10) };
        await using var command = new NpgsqlCommand(
            "SELECT greatest(email_confirmed, mobile_confirmed) FROM krr_population WHERE krr_status = 0 AND NOT reserved AND greatest(email_confirmed, mobile_confirmed) IS NOT NULL ORDER BY md5(identifier || $1) LIMIT 2",
            connection);
        command.Parameters.AddWithValue(now.ToString("O"));
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var expires = Krr.Grains.Domain.ContactFreshness.Expires(reader.GetFieldValue<DateTimeOffset>(0));
            instants.AddRange([expires, expires.AddTicks(-10), new DateTimeOffset(expires.UtcDateTime.Date, TimeSpan.Zero)]);
        }
        return instants;
    }

    /// <summary>Every filter alone and a dozen random combinations.</summary>
    private static IEnumerable<TestDataFilter> Filters(Random random)
    {
        string?[] statuses = [null, "AKTIV", "SLETTET", "IKKE_REGISTRERT"];
        string?[] languages = [null, "nb", "nn", "en", "se"];
        bool?[] flags = [null, true, false];
        yield return new TestDataFilter(null, null, null, null, null, null);
        foreach (var flag in flags.Skip(1))
        {
            yield return new TestDataFilter(null, flag, null, null, null, null);
            yield return new TestDataFilter(null, null, null, flag, null, null);
            yield return new TestDataFilter(null, null, null, null, flag, null);
            yield return new TestDataFilter(null, null, null, null, null, flag);
        }
        foreach (var status in statuses.Skip(1))
            yield return new TestDataFilter(status, null, null, null, null, null);
        foreach (var language in languages.Skip(1))
            yield return new TestDataFilter(null, null, language, null, null, null);
        for (var i = 0; i < 12; i++)
        {
            yield return new TestDataFilter(statuses[random.Next(4)], flags[random.Next(3)], languages[random.Next(5)],
                flags[random.Next(3)], flags[random.Next(3)], flags[random.Next(3)]);
        }
    }

    private static DateTimeOffset MonthStart(DateTimeOffset instant) => new(instant.Year, instant.Month, 1, 0, 0, 0, TimeSpan.Zero);

    private async Task ExecuteAsync(string sql)
    {
        await using var command = _database.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> CountAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<List<string>> DumpAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(',', Enumerable.Range(0, 5).Select(i => reader.GetValue(i).ToString())));
        }
        return rows;
    }
}
