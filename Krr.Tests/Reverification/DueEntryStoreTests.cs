using Krr.Grains.Domain;
using Krr.Grains.Persons;
using Krr.Grains.Reverification;
using Krr.Hosting.Database;
using Krr.Hosting.Reverification;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Krr.Tests.Reverification;

/// <summary><see cref="PostgresDueEntryStore"/> on a fresh database: what moves leave in <c>krr_reverification_due</c>.</summary>
[Collection(PostgresCollection.Name)]
public sealed class DueEntryStoreTests(PostgresFixture postgres)
{
    /// <summary>Whole seconds, so entries read back (whole microseconds) equal those written.</summary>
    private static readonly DateTimeOffset T0 = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Moves_of_several_persons_at_once_replace_remove_and_keep_exactly_their_own_entries()
    {
        await using var db = await postgres.CreateFreshDatabaseAsync();
        await SchemaMigrator.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);
        var store = new PostgresDueEntryStore(db, Options.Create(new ClusterOptions { ServiceId = "due-store" }));
        var (changes, reserves, stays) = (TestIdentities.Next(), TestIdentities.Next(), TestIdentities.Next());
        DueEntry[] Both(string person, DateTimeOffset confirmed) =>
        [
            new(person, ContactChannel.Mobile, DueKind.Warn16, confirmed),
            new(person, ContactChannel.Mobile, DueKind.Expire18, confirmed),
        ];
        await Task.WhenAll(new[] { changes, reserves, stays }.Select(p => store.ApplyAsync([], Both(p, T0))));

        // At once, so in one batch: a new confirmation replaces both entries; a reservation removes the warning only.
        var later = T0.AddDays(3);
        await Task.WhenAll(
            store.ApplyAsync(Both(changes, T0), Both(changes, later)),
            store.ApplyAsync([new(reserves, ContactChannel.Mobile, DueKind.Warn16, T0)], []));

        Assert.Equal(Both(changes, later), await EntriesAsync(store, changes));
        Assert.Equal([new DueEntry(reserves, ContactChannel.Mobile, DueKind.Expire18, T0)], await EntriesAsync(store, reserves));
        Assert.Equal(Both(stays, T0), await EntriesAsync(store, stays));

        // A removal that no longer matches (the stored entry is newer) leaves the entry.
        await store.ApplyAsync([new(changes, ContactChannel.Mobile, DueKind.Expire18, T0)], []);
        Assert.Equal(Both(changes, later), await EntriesAsync(store, changes));
    }

    /// <summary>The person's entries on every due day they fall on, by kind.</summary>
    private static async Task<List<DueEntry>> EntriesAsync(PostgresDueEntryStore store, string person)
    {
        var days = new[] { T0, T0.AddDays(3) }.SelectMany(t => new[] { ContactFreshness.WarningDue(t), ContactFreshness.Expires(t) })
            .Select(t => DateOnly.FromDateTime(t.UtcDateTime)).Distinct();
        var entries = new List<DueEntry>();
        foreach (var day in days)
        {
            entries.AddRange((await store.ReadDueAsync(day, DateTimeOffset.MaxValue, 1000)).Where(e => e.Person == person));
        }
        return [.. entries.OrderBy(e => e.Kind)];
    }
}
