using System.Collections.Concurrent;
using System.Globalization;
using Krr.Api.AccessLog;
using Krr.Api.Statistics;
using Krr.Grains;
using Krr.Hosting.Database;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Krr.Tests.AccessLog;

/// <summary>
/// Migration 0066 expands the access log: new rows keep their identifiers as numbers, rows written before it keep
/// text, and the citizen's page and the statistics read both, each through its own index.
/// </summary>
public class AccessLogIdentifierNumbersTests
{
    private const string Consumer = "991825827";

    [Fact]
    public async Task Rows_from_before_the_migration_and_after_it_are_both_found_and_counted()
    {
        var before = "01019012345"; // a leading zero, which a number drops and the fixed width restores
        var both = TestIdentities.Next();
        var after = TestIdentities.Next();
        await using var database = await TestPostgres.CreateMigratedBeforeAsync(66);
        await using (var old = database.CreateCommand(
            "INSERT INTO krr_access_log (logged_at, consumer_org, endpoint, scopes, identifiers) VALUES (now(), $1, '/rest/v2/personer', '{krr:global/kontaktinformasjon.read}', $2)"))
        {
            old.Parameters.Add(new NpgsqlParameter { Value = Consumer });
            old.Parameters.Add(new NpgsqlParameter { Value = new[] { before, both } });
            await old.ExecuteNonQueryAsync();
        }
        await SchemaMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None);

        using (var writer = new AccessLogWriter(database, NullLogger<AccessLogWriter>.Instance))
        {
            await writer.StartAsync(CancellationToken.None);
            await writer.AppendAsync(
                new AccessLogEntry(DateTimeOffset.UtcNow, Consumer, null, "/rest/v2/personer", ["krr:global/digitalpost.read"], [both, after, "01019012346"]),
                CancellationToken.None);
            await writer.StopAsync(CancellationToken.None);
        }

        var log = new AccessLogReader(database);
        Assert.Equal(["krr:global/kontaktinformasjon.read"], Assert.Single(await log.ForPersonAsync(before, CancellationToken.None)).Omfang);
        Assert.Equal(2, (await log.ForPersonAsync(both, CancellationToken.None)).Count);
        Assert.Equal(["krr:global/digitalpost.read"], Assert.Single(await log.ForPersonAsync(after, CancellationToken.None)).Omfang);
        Assert.Equal(["krr:global/digitalpost.read"], Assert.Single(await log.ForPersonAsync("01019012346", CancellationToken.None)).Omfang);

        var figures = await new StatisticsQueries(database, RegisterClock.System).KeyFiguresAsync(DateOnly.FromDateTime(DateTime.UtcNow), CancellationToken.None);
        Assert.Equal(5, figures.Lookups);
    }

    /// <summary>
    /// The plan as PostgreSQL ran the reader's function (auto_explain, nested statements included): without the
    /// function's settings an empty log is read whole, as the national one was (3.4 s for one person).
    /// </summary>
    [Fact]
    public async Task The_citizens_page_reads_both_forms_through_their_indexes_never_the_whole_log()
    {
        var (_, database) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = database;
        await using var connection = await database.OpenConnectionAsync();
        var notices = new ConcurrentQueue<string>();
        connection.Notice += (_, e) => notices.Enqueue(e.Notice.MessageText);
        await using (var explain = new NpgsqlCommand(
            """
            LOAD 'auto_explain';
            SET auto_explain.log_min_duration = 0;
            SET auto_explain.log_nested_statements = on;
            SET auto_explain.log_level = notice;
            SET client_min_messages = notice;
            """, connection))
        {
            await explain.ExecuteNonQueryAsync();
        }

        await using (var about = new NpgsqlCommand("SELECT count(*) FROM krr_access_log_about($1, $2, 500)", connection))
        {
            about.Parameters.Add(new NpgsqlParameter<long> { TypedValue = 1019012345 });
            about.Parameters.Add(new NpgsqlParameter<string> { TypedValue = "01019012345" });
            Assert.Equal(0L, await about.ExecuteScalarAsync());
        }

        var plans = string.Join('\n', notices);
        Assert.Contains("Bitmap Index Scan on ix_krr_access_log_identifier_numbers", plans, StringComparison.Ordinal);
        Assert.Contains("Bitmap Index Scan on ix_krr_access_log_identifiers", plans, StringComparison.Ordinal);
        Assert.DoesNotContain("Seq Scan on krr_access_log", plans, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("01019012345", 1019012345L)]
    [InlineData("00000000001", 1L)]
    [InlineData("99999999999", 99999999999L)]
    [InlineData("41019012345", 41019012345L)]
    public void An_identifier_is_its_eleven_digits_as_a_number(string identifier, long number)
    {
        Assert.Equal(number, AccessLogIdentifiers.ToNumber(identifier));
        Assert.Equal(identifier, number.ToString("D11", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0101901234")]
    [InlineData("010190123456")]
    [InlineData("0101901234a")]
    [InlineData("+0101901234")]
    [InlineData("-0101901234")]
    [InlineData(" 0101901234")]
    [InlineData("0101901234 ")]
    [InlineData("0101901234\u0661")]
    public void Anything_but_eleven_digits_is_refused_without_naming_it(string identifier)
    {
        var refused = Assert.Throws<ArgumentException>(() => AccessLogIdentifiers.ToNumber(identifier));
        Assert.Contains("11 digits", refused.Message, StringComparison.Ordinal);
        if (identifier.Length > 0)
        {
            Assert.DoesNotContain(identifier.Trim(), refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_lookup_naming_anything_but_identifiers_is_refused_before_it_is_queued()
    {
        var (_, database) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = database;
        using var writer = new AccessLogWriter(database, NullLogger<AccessLogWriter>.Instance);
        await Assert.ThrowsAsync<ArgumentException>(async () => await writer.AppendAsync(
            new AccessLogEntry(DateTimeOffset.UtcNow, Consumer, null, "/rest/v2/personer", [], ["01019012345", "x"]), CancellationToken.None));
        await writer.StartAsync(CancellationToken.None);
        await writer.AppendAsync(
            new AccessLogEntry(DateTimeOffset.UtcNow, Consumer, null, "/rest/v2/personer", [], ["01019012345"]), CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);

        await using var rows = database.CreateCommand("SELECT count(*) FROM krr_access_log");
        Assert.Equal(1L, await rows.ExecuteScalarAsync());
    }
}
