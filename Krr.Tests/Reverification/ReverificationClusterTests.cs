using Krr.Grains;
using Krr.Grains.Domain;
using Krr.Grains.Messaging;
using Krr.Grains.Persons;
using Krr.Grains.Reverification;
using Krr.Hosting.Database;
using Krr.Hosting.Messaging;
using Krr.Hosting.Orleans;
using Krr.Tests.Infrastructure;
using Krr.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Orleans.Configuration;
using Orleans.TestingHost;

namespace Krr.Tests.Reverification;

/// <summary>
/// Re-verification end to end on a 2-silo <see cref="InProcessTestCluster"/> with the real AdoNet grain storage and
/// reminders on a fresh database. Reminders tick in real time (every second); the register's clock is moved by months.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReverificationClusterTests(PostgresFixture postgres)
{
    internal static readonly DateTimeOffset T0 = new(2025, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Warnings_at_16_months_and_expiries_at_18_survive_a_killed_silo_and_fire_once()
    {
        await using var db = await postgres.CreateFreshDatabaseAsync();
        await SchemaMigrator.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);
        var time = new FakeTimeProvider(T0);
        await using var cluster = await StartClusterAsync(db, new RegisterClock(time));
        var grains = cluster.Client;

        // two fresh channels, one fresh (and one long expired), none fresh, reserved, confirms in month 15, deleted
        var two = await SeedAsync(grains, Channel(TestIdentities.Email(), T0), Channel(TestIdentities.Mobile(), T0));
        var one = await SeedAsync(grains, Channel(TestIdentities.Email(), T0.AddMonths(-20)), Channel(TestIdentities.Mobile(), T0));
        var none = await SeedAsync(grains, Channel(TestIdentities.Email(), T0.AddMonths(-20)), null);
        var reserved = await SeedAsync(grains, null, Channel(TestIdentities.Mobile(), T0));
        await grains.GetPerson(reserved).SetReservationAsync(true);
        var confirms = await SeedAsync(grains, Channel(TestIdentities.Email(), T0), null);
        var deleted = await SeedAsync(grains, Channel(TestIdentities.Email(), T0), null);
        await grains.GetPerson(deleted).DeleteAsync();

        // Expiries already past at T0 are recorded by their (past) day's bucket without any clock move.
        await Until(async () => (await grains.GetPerson(one).GetAsync())!.Email!.ExpiredAt is not null
                                && (await grains.GetPerson(none).GetAsync())!.Email!.ExpiredAt is not null);
        Assert.Empty(await OutboxAsync(db));
        Assert.False(PersonNotification.CanNotify(await grains.GetPerson(none).GetAsync(), time.GetUtcNow()));

        // Scheduling cost follows due days: one reminder per bucket, however many persons are in it. Awaited: a bucket
        // drops its reminder only after deleting its done rows, and the expiries above are seen before either.
        await Until(async () => await ScalarAsync(db, "SELECT count(*) FROM orleansreminderstable")
                                <= await ScalarAsync(db, "SELECT count(DISTINCT due_day) FROM krr_reverification_due"));

        time.SetUtcNow(T0.AddMonths(15));
        await grains.GetPerson(confirms).ConfirmAsync();

        time.SetUtcNow(ContactFreshness.WarningDue(T0).AddHours(1));
        await Until(async () => (await OutboxAsync(db)).Count >= 2);
        await Task.Delay(TimeSpan.FromSeconds(3)); // more ticks: nothing more may be sent
        var warnings = await OutboxAsync(db);
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.Key.StartsWith($"warn16:{two}:email:", StringComparison.Ordinal) && w.Channel == "email");
        Assert.Contains(warnings, w => w.Key.StartsWith($"warn16:{one}:sms:", StringComparison.Ordinal) && w.Channel == "sms");
        Assert.True(PersonNotification.CanNotify(await grains.GetPerson(two).GetAsync(), time.GetUtcNow()));
        Assert.True(PersonNotification.CanNotify(await grains.GetPerson(one).GetAsync(), time.GetUtcNow()));

        // A silo dies between the two due days: its reminders are read back from orleansreminderstable by the others.
        await cluster.KillSiloAsync(cluster.Silos[1]);
        await cluster.StartAdditionalSiloAsync();

        time.SetUtcNow(ContactFreshness.Expires(T0).AddHours(1));
        await Until(async () =>
            (await grains.GetPerson(two).GetAsync()) is { Email.ExpiredAt: not null, Mobile.ExpiredAt: not null }
            && (await grains.GetPerson(one).GetAsync()) is { Mobile.ExpiredAt: not null }
            && (await grains.GetPerson(reserved).GetAsync()) is { Mobile.ExpiredAt: not null });
        var now = time.GetUtcNow();
        Assert.False(PersonNotification.CanNotify(await grains.GetPerson(two).GetAsync(), now));
        Assert.False(PersonNotification.CanNotify(await grains.GetPerson(one).GetAsync(), now));
        var confirmed = await grains.GetPerson(confirms).GetAsync();
        Assert.Null(confirmed!.Email!.ExpiredAt);
        Assert.True(PersonNotification.CanNotify(confirmed, now));
        Assert.Equal(ContactFreshness.Expires(T0), (await grains.GetPerson(two).GetAsync())!.Email!.ExpiredAt);

        // Still exactly one warning each (none for the reserved, deleted or already expired person), and the
        // emptied buckets have dropped their reminders.
        Assert.Equal(warnings, await OutboxAsync(db));
        await Until(async () => await ScalarAsync(db, "SELECT count(*) FROM orleansreminderstable")
                                <= await ScalarAsync(db, "SELECT count(DISTINCT due_day) FROM krr_reverification_due"));
        Assert.Equal(2, await ScalarAsync(db, "SELECT count(*) FROM krr_reverification_due")); // the confirmer's next warning and expiry
    }

    internal static async Task<InProcessTestCluster> StartClusterAsync(NpgsqlDataSource db, RegisterClock clock, string? serviceId = null)
    {
        var builder = new InProcessTestClusterBuilder(2);
        builder.Options.ServiceId = serviceId ?? builder.Options.ServiceId;
        builder.ConfigureSilo((_, silo) => ConfigureReverification(silo.AddKrrPersistence(db), db, clock));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    /// <summary>What a silo hosting persons needs besides persistence, with reminders and buckets ticking every second.</summary>
    internal static void ConfigureReverification(ISiloBuilder silo, NpgsqlDataSource db, RegisterClock clock)
    {
        silo.Services.AddSingleton(clock);
        silo.Services.AddSingleton<IOutbox>(new PostgresOutbox(db));
        silo.Services.Configure<ReverificationOptions>(o =>
        {
            o.Period = TimeSpan.FromSeconds(1);
            o.MaxSleep = TimeSpan.FromSeconds(1);
        });
        silo.Services.Configure<ReminderOptions>(o =>
        {
            o.MinimumReminderPeriod = TimeSpan.FromSeconds(1);
            o.RefreshReminderListPeriod = TimeSpan.FromSeconds(1);
            o.ReminderLoadingWindow = TimeSpan.FromSeconds(1);
        });
    }

    internal static ContactChannelRecord Channel(string value, DateTimeOffset updated) =>
        new() { Value = value, Normalized = value.ToLowerInvariant(), Updated = updated };

    internal static async Task<string> SeedAsync(IGrainFactory grains, ContactChannelRecord? email, ContactChannelRecord? mobile)
    {
        var identifier = TestIdentities.Next();
        await grains.GetPerson(identifier).SeedAsync(new PersonRecord
        {
            Identifier = identifier,
            Status = PersonStatus.Active,
            Email = email,
            Mobile = mobile,
            Updated = T0,
        });
        return identifier;
    }

    internal static async Task<List<(string Key, string Channel)>> OutboxAsync(NpgsqlDataSource db)
    {
        var lines = await SchemaMigrationTests.QueryLinesAsync(db, "SELECT dedupe_key || ' ' || channel FROM krr_outbox ORDER BY id");
        return lines.Select(l => l.Split(' ')).Select(p => (p[0], p[1])).ToList();
    }

    internal static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    internal static async Task Until(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"not reached within {Wait.TotalSeconds} s");
            await Task.Delay(250);
        }
    }
}
