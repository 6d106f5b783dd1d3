using Krr.Tests.Infrastructure;
using Npgsql;
using Orleans.Storage;

namespace Krr.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class GrainStorageTests(KrrClusterFixture fixture) : IClassFixture<KrrClusterFixture>
{
    private static string NewKey(string prefix) => $"{prefix}:{Guid.NewGuid():N}";

    [Fact]
    public async Task Written_state_is_stored_as_clean_jsonb_in_krr_grain_state()
    {
        var key = NewKey("probe");
        var grain = fixture.Cluster.Client.GetGrain<IStorageProbeGrain>(key);

        await grain.SetAsync("Kari Nordmann", 3);

        var row = await ReadRowAsync(key);
        Assert.NotNull(row);
        Assert.Equal(fixture.ServiceId, row.Value.ServiceId);
        Assert.Equal(1, row.Value.Version);
        Assert.Equal("Kari Nordmann", row.Value.Name);
        Assert.Equal("3", row.Value.Count);
        Assert.Equal("[\"Kari Nordmann\", \"n3\"]", row.Value.Tags);
        Assert.DoesNotContain("$type", row.Value.Payload, StringComparison.Ordinal);
        Assert.DoesNotContain("$id", row.Value.Payload, StringComparison.Ordinal);
        Assert.Equal(0L, row.Value.N0);
        Assert.Equal(0L, row.Value.N1);

        await grain.SetAsync("Ola", 4);
        row = await ReadRowAsync(key);
        Assert.Equal(2, row!.Value.Version);
        Assert.Equal("Ola", row.Value.Name);

        // A fresh activation reads the state back from PostgreSQL.
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var state = await grain.GetAsync();
        Assert.Equal("Ola", state.Name);
        Assert.Equal(4, state.Count);
    }

    [Fact]
    public async Task A_version_bumped_behind_the_grains_back_raises_InconsistentStateException_then_recovers()
    {
        var key = NewKey("probe");
        var grain = fixture.Cluster.Client.GetGrain<IStorageProbeGrain>(key);
        await grain.SetAsync("first", 1);

        await using (var bump = fixture.DataSource.CreateCommand(
                         "UPDATE krr_grain_state SET version = version + 10 WHERE state_name = 'storageProbe' AND grain_ext = $1"))
        {
            bump.Parameters.Add(new NpgsqlParameter { Value = key });
            Assert.Equal(1, await bump.ExecuteNonQueryAsync());
        }

        await Assert.ThrowsAsync<InconsistentStateException>(() => grain.SetAsync("second", 2));

        // The failed activation was deactivated; the next call re-reads (version 11) and writes version 12.
        await grain.SetAsync("third", 3);
        var row = await ReadRowAsync(key);
        Assert.Equal(12, row!.Value.Version);
        Assert.Equal("third", row.Value.Name);
    }

    [Fact]
    public async Task A_reminder_in_orleansreminderstable_fires()
    {
        var key = NewKey("remind");
        var grain = fixture.Cluster.Client.GetGrain<IReminderProbeGrain>(key);

        await grain.StartAsync(TimeSpan.FromSeconds(1));
        try
        {
            var rows = await SchemaMigrationTests.QueryLinesAsync(fixture.DataSource,
                $"SELECT remindername || ' ' || period FROM orleansreminderstable WHERE serviceid = '{fixture.ServiceId}' AND grainid LIKE '%{key}'");
            Assert.Equal([ReminderProbeGrain.ReminderName + " 1000"], rows);

            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (ReminderProbeGrain.Ticks.GetValueOrDefault(key) < 2 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.True(ReminderProbeGrain.Ticks.GetValueOrDefault(key) >= 2, $"reminder ticked {ReminderProbeGrain.Ticks.GetValueOrDefault(key)} time(s) in 30 s");
        }
        finally
        {
            await grain.StopAsync();
        }

        var after = await SchemaMigrationTests.QueryLinesAsync(fixture.DataSource,
            $"SELECT remindername FROM orleansreminderstable WHERE grainid LIKE '%{key}'");
        Assert.Empty(after);
    }

    private async Task<(string ServiceId, int Version, string Payload, string? Name, string? Count, string? Tags, long N0, long N1)?> ReadRowAsync(string key)
    {
        await using var command = fixture.DataSource.CreateCommand(
            """
            SELECT service_id, version, payload::text, payload->>'Name', payload->>'Count', payload->>'Tags', grain_n0, grain_n1
            FROM krr_grain_state WHERE state_name = 'storageProbe' AND grain_ext = $1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            return null;
        }

        var result = (reader.GetString(0), reader.GetInt32(1), reader.GetString(2),
            reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
            reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetInt64(6), reader.GetInt64(7));
        Assert.False(await reader.ReadAsync(), "more than one row for one grain state");
        return result;
    }
}
