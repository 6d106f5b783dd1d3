using Krr.Grains;
using Krr.Grains.Reverification;
using Krr.Hosting.Reverification;
using Krr.Tests.Infrastructure;
using Krr.Tests.Population;
using Krr.Tests.Storage;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using static Krr.Tests.Reverification.ReverificationClusterTests;

namespace Krr.Tests.Reverification;

/// <summary>
/// <see cref="DueScheduleBackfill"/> on a bulk-loaded population (no grain has seen those persons): it adds exactly
/// <see cref="DueSchedule.For"/> of every stored record, adds nothing when run again, and its buckets fire.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class DueScheduleBackfillTests(PostgresFixture postgres)
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Bulk_loaded_persons_get_their_schedule_once_and_their_buckets_fire()
    {
        await using var loaded = await BulkLoadedPopulation.LoadAsync(postgres, 400, T0, "backfill");
        var (db, serviceId, population) = (loaded.Database, loaded.ServiceId, loaded.Residents);
        Assert.Equal(0, await ScalarAsync(db, "SELECT count(*) FROM krr_reverification_due"));

        var expected = population.SelectMany(p => DueSchedule.For(p.Person)).ToList();
        var days = expected.Select(e => e.Day).Distinct().Count();
        Assert.Equal((expected.Count, days), await DueScheduleBackfill.RunAsync(db, serviceId, TimeSpan.FromSeconds(1), T0, CancellationToken.None));
        var rows = await DueRowsAsync(db, serviceId);
        Assert.Equal(expected.Select(Row).Order(StringComparer.Ordinal), rows);
        Assert.Equal(days, await ScalarAsync(db, $"SELECT count(*) FROM orleansreminderstable WHERE remindername = '{DueDayKey.ReminderName}'"));

        var reminders = await SchemaMigrationTests.QueryLinesAsync(db, "SELECT grainid || ' ' || starttime || ' ' || version FROM orleansreminderstable ORDER BY 1");
        Assert.Equal((0L, 0), await DueScheduleBackfill.RunAsync(db, serviceId, TimeSpan.FromSeconds(1), T0.AddDays(1), CancellationToken.None));
        Assert.Equal(rows, await DueRowsAsync(db, serviceId));
        Assert.Equal(reminders, await SchemaMigrationTests.QueryLinesAsync(db, "SELECT grainid || ' ' || starttime || ' ' || version FROM orleansreminderstable ORDER BY 1"));

        // The earliest warning still ahead: the bucket woken by the backfill sends it once the register's clock gets there.
        var warned = expected.Where(e => e.Kind == DueKind.Warn16 && e.DueAt > T0.AddDays(1)).MinBy(e => e.DueAt)!;
        var time = new FakeTimeProvider(T0);
        await using var cluster = await StartClusterAsync(db, new RegisterClock(time), serviceId);

        // The reminder rows the backfill writes are the ones a bucket registers itself.
        var unused = new DateOnly(2100, 1, 1);
        await cluster.Client.GetDueDay(unused).WakeAsync();
        var grainId = DueDayKey.GrainIdFor(unused);
        Assert.Equal([$"{grainId} {unchecked((int)grainId.GetUniformHashCode())}"], await SchemaMigrationTests.QueryLinesAsync(
            db, $"SELECT grainid || ' ' || grainhash FROM orleansreminderstable WHERE grainid = '{grainId}'"));

        time.SetUtcNow(warned.DueAt.AddHours(1));
        await Until(async () => (await OutboxAsync(db)).Any(w => w.Key.StartsWith($"warn16:{warned.Person}:", StringComparison.Ordinal)));
        var outbox = await OutboxAsync(db);
        Assert.Single(outbox, w => w.Key.StartsWith($"warn16:{warned.Person}:", StringComparison.Ordinal));
    }

    private static string Row(DueEntry e) =>
        $"{e.Person} {(short)e.Channel} {(short)e.Kind} {e.LastConfirmed.UtcTicks} {e.DueAt.UtcTicks} {e.Day:yyyy-MM-dd}";

    private static async Task<List<string>> DueRowsAsync(NpgsqlDataSource db, string serviceId)
    {
        await using var command = db.CreateCommand(
            "SELECT person, channel, kind, last_confirmed, due_at, due_day FROM krr_reverification_due WHERE service_id = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = serviceId });
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add($"{reader.GetString(0)} {reader.GetInt16(1)} {reader.GetInt16(2)} {reader.GetFieldValue<DateTime>(3).Ticks} "
                     + $"{reader.GetFieldValue<DateTime>(4).Ticks} {reader.GetFieldValue<DateOnly>(5):yyyy-MM-dd}");
        }
        return [.. rows.Order(StringComparer.Ordinal)];
    }
}
