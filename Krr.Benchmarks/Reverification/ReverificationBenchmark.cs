using System.Diagnostics;
using System.Globalization;
using Krr.Grains;
using Krr.Grains.Messaging;
using Krr.Grains.Persons;
using Krr.Grains.Reverification;
using Krr.Hosting.Messaging;
using Krr.Hosting.Orleans;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Configuration;

namespace Krr.Benchmarks.Reverification;

/// <summary>
/// Schedules N persons with due dates spread over the next 18 months, then lets one day's bucket of real persons
/// fall due and measures how long the bucket takes to warn them all. One silo, co-hosted, on PostgreSQL.
/// </summary>
public static class ReverificationBenchmark
{
    /// <summary>The register's "today": the processed bucket's day. The N persons fall due after it.</summary>
    private static readonly DateTimeOffset Today = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private const int Chunk = 10_000;
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(BenchmarkArguments arguments)
    {
        var persons = arguments.Int("persons", 1_000_000);
        var dayPersons = arguments.Int("day-persons", 2_000);
        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning));
        await using var db = await BenchmarkDatabase.CreateAsync(loggers);
        var time = new FakeTimeProvider(Today);
        using var host = BuildSilo(db.DataSource, new RegisterClock(time));
        await host.StartAsync();
        try
        {
            var grains = host.Services.GetRequiredService<IGrainFactory>();
            var store = host.Services.GetRequiredService<IDueEntryStore>();

            var clock = Stopwatch.StartNew();
            var entries = await ScheduleAsync(grains, store, persons);
            var scheduled = clock.Elapsed;
            var buckets = await ScalarAsync(db.DataSource, "SELECT count(DISTINCT due_day) FROM krr_reverification_due");
            var reminders = await ScalarAsync(db.DataSource, "SELECT count(*) FROM orleansreminderstable");
            var tableBytes = await ScalarAsync(db.DataSource, "SELECT pg_total_relation_size('krr_reverification_due')");

            clock.Restart();
            await SeedDayAsync(grains, dayPersons);
            var seeded = clock.Elapsed;

            time.SetUtcNow(Today.AddDays(1));
            clock.Restart();
            // Processed: every person warned and the bucket empty.
            var dayRows = $"SELECT count(*) FROM krr_reverification_due WHERE due_day = '{Today:yyyy-MM-dd}'";
            while (await ScalarAsync(db.DataSource, "SELECT count(*) FROM krr_outbox") < dayPersons || await ScalarAsync(db.DataSource, dayRows) > 0)
            {
                if (clock.Elapsed > TimeSpan.FromMinutes(3))
                {
                    throw new TimeoutException("the day's bucket was not processed within 3 minutes");
                }
                await Task.Delay(50);
            }
            var processed = clock.Elapsed;

            Console.WriteLine($"## reverification — {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
            Console.WriteLine();
            Console.WriteLine("| measure | value |");
            Console.WriteLine("|---|---|");
            Row("persons scheduled", persons.ToString("N0", CultureInfo.InvariantCulture));
            Row("due entries (rows in krr_reverification_due)", entries.ToString("N0", CultureInfo.InvariantCulture));
            Row("buckets (distinct due days)", buckets.ToString("N0", CultureInfo.InvariantCulture));
            Row("reminder rows (orleansreminderstable)", reminders.ToString("N0", CultureInfo.InvariantCulture));
            Row("time to schedule", $"{scheduled.TotalSeconds:F1} s ({persons / scheduled.TotalSeconds:N0} persons/s)");
            Row("krr_reverification_due size", $"{tableBytes / 1024.0 / 1024.0:F0} MiB");
            Row($"seed the day's {dayPersons:N0} persons (person grains, two channels each)", $"{seeded.TotalSeconds:F1} s");
            Row($"process the day's bucket: {dayPersons:N0} persons warned (clock moved → all warned and bucket empty; tick period {Tick.TotalSeconds:F0} s)", $"{processed.TotalSeconds:F1} s ({dayPersons / processed.TotalSeconds:N0} persons/s)");
            return 0;
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private static void Row(string measure, string value) => Console.WriteLine($"| {measure} | {value} |");

    /// <summary>
    /// The scheduling path a person's change takes (<c>PersonGrain.MoveDueEntriesAsync</c>): the entries
    /// <see cref="DueSchedule"/> gives for the record, written in one batch, then a wake for each due day. Batched by
    /// 10,000 persons here; the person grains themselves are not written (that is the person's own cost).
    /// Persons: 60 % both channels, 25 % mobile only, 15 % e-mail only; 10 % reserved; last confirmed uniformly
    /// between 16 months and 1 day before today, so every due day lies after today.
    /// </summary>
    private static async Task<long> ScheduleAsync(IGrainFactory grains, IDueEntryStore store, int persons)
    {
        var from = Today.AddMonths(-16).AddDays(2);
        var span = (long)(Today.AddDays(-1) - from).TotalSeconds;
        long total = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, (persons + Chunk - 1) / Chunk), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (chunk, _) =>
        {
            var random = new Random(chunk);
            var entries = new List<DueEntry>(Chunk * 4);
            for (var i = chunk * Chunk; i < Math.Min(persons, (chunk + 1) * Chunk); i++)
            {
                var confirmed = from.AddSeconds(random.NextInt64(span));
                var shape = random.Next(100);
                entries.AddRange(DueSchedule.For(new PersonRecord
                {
                    Identifier = i.ToString("D11", CultureInfo.InvariantCulture),
                    Status = PersonStatus.Active,
                    Reserved = random.Next(10) == 0,
                    Email = shape is < 60 or >= 85 ? Channel($"p{i}@bench.no", confirmed) : null,
                    Mobile = shape < 85 ? Channel($"+479{i:D7}", confirmed) : null,
                    Updated = confirmed,
                }));
            }
            await store.ApplyAsync([], entries);
            await Task.WhenAll(entries.Select(e => e.Day).Distinct().Select(day => grains.GetDueDay(day).WakeAsync()));
            Interlocked.Add(ref total, entries.Count);
        });
        return total;
    }

    /// <summary>Real persons, both channels confirmed on the same day 16 months ago (so their warnings fall due today).</summary>
    private static async Task SeedDayAsync(IGrainFactory grains, int count)
    {
        var confirmedDay = Today.AddMonths(-16);
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            var identifier = "9" + i.ToString("D10", CultureInfo.InvariantCulture);
            var confirmed = confirmedDay.AddHours(1).AddSeconds(i * 79_200.0 / count);
            await grains.GetPerson(identifier).SeedAsync(new PersonRecord
            {
                Identifier = identifier,
                Status = PersonStatus.Active,
                Email = Channel($"day{i}@bench.no", confirmed),
                Mobile = Channel($"+4798{i:D6}", confirmed),
                Updated = confirmed,
            });
        });
    }

    private static ContactChannelRecord Channel(string value, DateTimeOffset updated) =>
        new() { Value = value, Normalized = value, Updated = updated };

    private static IHost BuildSilo(NpgsqlDataSource dataSource, RegisterClock clock)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(BenchmarkPorts.Free(), BenchmarkPorts.Free());
            silo.AddKrrPersistence(dataSource);
            silo.Services.AddSingleton(clock);
            silo.Services.AddSingleton<IOutbox>(new PostgresOutbox(dataSource));
            // The register's clock jumps a day forward: buckets must not sleep past it (MaxSleep), as in the tests.
            silo.Services.Configure<ReverificationOptions>(o =>
            {
                o.Period = Tick;
                o.MaxSleep = Tick;
            });
            silo.Services.Configure<ReminderOptions>(o =>
            {
                o.MinimumReminderPeriod = Tick;
                o.RefreshReminderListPeriod = Tick;
                o.ReminderLoadingWindow = Tick;
            });
        });
        return builder.Build();
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
