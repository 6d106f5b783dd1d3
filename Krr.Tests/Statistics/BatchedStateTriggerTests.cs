using System.Text;
using Krr.Grains.Persons;
using Krr.Grains.Population;
using Krr.Hosting.Population;
using Krr.Hosting.Storage;
using Krr.Tests.Infrastructure;
using Krr.Tests.Storage;

namespace Krr.Tests.Statistics;

/// <summary>
/// The changes feed and the read model follow <c>krr_grain_state</c> through its triggers when a coalesced batch stores
/// many grains in one statement (inserts and updates, persons and residents together): one change per stored Record that
/// differs, none for bookkeeping, and every read-model column of every row.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class BatchedStateTriggerTests(KrrClusterFixture fixture) : IClassFixture<KrrClusterFixture>
{
    [Fact]
    public async Task A_batch_of_inserts_and_updates_records_each_changed_record_once()
    {
        var writes = new CoalescedStateWrites(fixture.DataSource, fixture.ServiceId);
        var first = Enumerable.Range(0, 40).Select(_ => TestIdentities.Next()).ToArray();
        var later = Enumerable.Range(0, 20).Select(_ => TestIdentities.Next()).ToArray();
        var moved = first[..20];
        var bookkeeping = first[20..30];
        var flagged = first[30..];

        await Task.WhenAll(first.Select(id => WritePerson(writes, id, Person(id, "2025-03-02T08:00:00+00:00", duplicated: false, unsettled: false), null)));
        // One wave: new mobiles, bookkeeping only, flags only, new persons and residents of some of them, all queued at
        // once so the batches mix updates, inserts and state names.
        await Task.WhenAll([
            .. moved.Select(id => WritePerson(writes, id, Person(id, "2025-05-05T08:00:00+00:00", duplicated: false, unsettled: false), 1)),
            .. bookkeeping.Select(id => WritePerson(writes, id, Person(id, "2025-03-02T08:00:00+00:00", duplicated: false, unsettled: true), 1)),
            .. flagged.Select(id => WritePerson(writes, id, Person(id, "2025-03-02T08:00:00+00:00", duplicated: true, unsettled: false), 1)),
            .. later.Select(id => WritePerson(writes, id, Person(id, "2025-06-06T08:00:00+00:00", duplicated: false, unsettled: false), null)),
            .. later[..5].Select(id => Write(writes, "resident", id, $$$"""{"Record":{"Identifier":"{{{id}}}","BirthDate":"1980-05-05","Municipality":"0301","Status":0}}""", null)),
        ]);

        Assert.All(moved, id => Assert.Equal(2, Changes(id)));
        Assert.All(bookkeeping, id => Assert.Equal(1, Changes(id)));
        Assert.All(flagged, id => Assert.Equal(2, Changes(id)));
        Assert.All(later, id => Assert.Equal(1, Changes(id)));
        Assert.All(moved, id => Assert.Equal(new DateTime(2025, 5, 5, 8, 0, 0, DateTimeKind.Utc), Population(id).MobileConfirmed));
        Assert.All([.. bookkeeping, .. flagged], id => Assert.Equal(new DateTime(2025, 3, 2, 8, 0, 0, DateTimeKind.Utc), Population(id).MobileConfirmed));
        Assert.All(later, id => Assert.Equal(new DateTime(2025, 6, 6, 8, 0, 0, DateTimeKind.Utc), Population(id).MobileConfirmed));
        Assert.All(later[..5], id => Assert.Equal("0301", Population(id).Municipality));
        Assert.All(later[5..], id => Assert.Null(Population(id).Municipality));
    }

    private static string Person(string identifier, string mobileUpdated, bool duplicated, bool unsettled) =>
        $$"""
        {"Record":{"Identifier":"{{identifier}}","Status":0,"Reserved":false,
         "Mobile":{"Value":"+4791234567","Normalized":"+4791234567","Updated":"{{mobileUpdated}}","Duplicated":{{(duplicated ? "true" : "false")}}},
         "Updated":"{{(duplicated ? "2025-09-09T08:00:00+00:00" : mobileUpdated)}}"},
         "Unsettled":{{(unsettled ? """[{"Channel":1,"Normalized":"+4791234567"}]""" : "[]")}}}
        """;

    private static Task WritePerson(CoalescedStateWrites writes, string identifier, string payload, int? expected) =>
        Write(writes, "person", identifier, payload, expected);

    private static async Task Write(CoalescedStateWrites writes, string stateName, string identifier, string payload, int? expected)
    {
        var key = stateName == "person" ? PersonKey.For(identifier) : ResidentKey.For(identifier);
        var version = await writes.WriteAsync(GrainStateKey.ForStringKey(key, stateName), stateName, Encoding.UTF8.GetBytes(payload), expected);
        Assert.Equal((expected ?? 0) + 1, version);
    }

    private long Changes(string identifier)
    {
        using var command = fixture.DataSource.CreateCommand("SELECT count(*) FROM krr_person_change WHERE record ->> 'Identifier' = $1");
        command.Parameters.AddWithValue(identifier);
        return (long)command.ExecuteScalar()!;
    }

    private (DateTime? MobileConfirmed, string? Municipality) Population(string identifier)
    {
        using var command = fixture.DataSource.CreateCommand("SELECT mobile_confirmed, municipality FROM krr_population WHERE identifier = $1");
        command.Parameters.AddWithValue(identifier);
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read(), $"no read-model row for {identifier}");
        return (reader.IsDBNull(0) ? null : reader.GetDateTime(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }
}
