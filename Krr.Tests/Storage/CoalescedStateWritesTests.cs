using System.Text;
using Krr.Grains;
using Krr.Hosting.Population;
using Krr.Hosting.Storage;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Krr.Tests.Storage;

/// <summary>
/// The coalesced write path of the <c>krr</c> grain storage on real PostgreSQL: the provider's version rules per row,
/// one grain's stale ETag failing that grain alone, a failed batch failing all its callers and storing nothing, and
/// rows the ADO.NET provider reads back as it wrote them. Batches are made deterministic by holding the first two
/// (<see cref="CoalescedStateWrites.MaxInFlight"/>) on a row lock while the rest queue up behind them.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CoalescedStateWritesTests(KrrClusterFixture fixture) : IClassFixture<KrrClusterFixture>
{
    private const string StateName = "storageProbe";

    private static string NewKey() => $"probe:{Guid.NewGuid():N}";

    private static byte[] Json(string name) => Encoding.UTF8.GetBytes($"{{\"Name\":\"{name}\",\"Count\":1,\"Tags\":[]}}");

    private CoalescedStateWrites NewWrites() => new(fixture.DataSource, fixture.ServiceId);

    private static Task<int?> Write(CoalescedStateWrites writes, string key, byte[] payload, int? expected) =>
        writes.WriteAsync(GrainStateKey.ForStringKey(key, StateName), StateName, payload, expected);

    [Fact]
    public async Task Concurrent_writes_of_many_grains_are_stored_with_the_providers_versions()
    {
        var writes = NewWrites();
        var keys = Enumerable.Range(0, 300).Select(_ => NewKey()).ToArray();

        var first = await Task.WhenAll(keys.Select(k => Write(writes, k, Json("first " + k), null)));
        var second = await Task.WhenAll(keys.Select(k => Write(writes, k, Json("second " + k), 1)));

        Assert.All(first, v => Assert.Equal(1, v));
        Assert.All(second, v => Assert.Equal(2, v));
        foreach (var key in keys.Take(20))
        {
            var row = await RowAsync(key);
            Assert.Equal((2, "second " + key), row);
        }
    }

    [Fact]
    public async Task A_stale_ETag_in_the_middle_of_a_batch_fails_only_that_grain()
    {
        var writes = NewWrites();
        var keys = Enumerable.Range(0, 21).Select(_ => NewKey()).ToArray();
        await Task.WhenAll(keys.Select(k => Write(writes, k, Json("v1"), null)));
        var stale = keys[10];
        var taken = NewKey();
        await Write(writes, taken, Json("v1"), null);

        var (batch, results) = await InOneBatchAsync(writes, () =>
        [
            .. keys.Select(k => Write(writes, k, Json("v2"), k == stale ? 7 : 1)),
            // A first write (no ETag) of a grain whose row exists is the provider's conflict too.
            Write(writes, taken, Json("v2"), null),
        ]);

        Assert.Equal(22, batch.Length);
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal(keys[i] == stale ? null : 2, results[i]);
            Assert.Equal(keys[i] == stale ? (1, "v1") : (2, "v2"), await RowAsync(keys[i]));
        }
        Assert.Null(results[^1]);
        Assert.Equal((1, "v1"), await RowAsync(taken));
    }

    [Fact]
    public async Task A_failed_batch_fails_every_caller_and_changes_nothing()
    {
        var writes = NewWrites();
        var keys = Enumerable.Range(0, 10).Select(_ => NewKey()).ToArray();
        await Task.WhenAll(keys.Select(k => Write(writes, k, Json("v1"), null)));
        var fresh = NewKey();

        var (batch, _) = await InOneBatchAsync(writes, () =>
        [
            .. keys.Select(k => Write(writes, k, Json("v2"), 1)),
            Write(writes, fresh, Json("v1"), null),
            // Not UTF-8: PostgreSQL refuses the statement, so the whole batch fails.
            Write(writes, NewKey(), [0xff, 0xfe], null),
        ], expectFailure: true);

        Assert.All(batch, t => Assert.IsType<PostgresException>(t.Exception!.InnerException));
        foreach (var key in keys)
        {
            Assert.Equal((1, "v1"), await RowAsync(key));
        }
        Assert.Null(await RowAsync(fresh));

        // The batcher goes on serving after a failure.
        Assert.Equal(2, await Write(writes, keys[0], Json("v2"), 1));
    }

    [Fact]
    public async Task The_krr_storage_writes_rows_the_ADO_NET_provider_reads_and_the_reverse()
    {
        var services = fixture.Cluster.Silos[0].ServiceProvider;
        var krr = services.GetRequiredKeyedService<IGrainStorage>(KrrStorage.Name);
        Assert.IsType<KrrGrainStorage>(krr);
        Assert.Same(krr, services.GetRequiredService<IGrainStorage>());
        var adoNet = services.GetRequiredKeyedService<IGrainStorage>("krr-adonet");
        Assert.IsType<AdoNetGrainStorage>(adoNet);
        var grainId = GrainId.Create("storageprobe", NewKey());

        var written = new GrainState<StorageProbeState>(new StorageProbeState { Name = "Kari", Count = 3, Tags = ["a", "b"] });
        await krr.WriteStateAsync(StateName, grainId, written);
        Assert.Equal("1", written.ETag);
        Assert.True(written.RecordExists);

        var read = new GrainState<StorageProbeState>(new StorageProbeState());
        await adoNet.ReadStateAsync(StateName, grainId, read);
        Assert.Equal(("Kari", 3, "1", true), (read.State!.Name, read.State.Count, read.ETag, read.RecordExists));
        Assert.Equal(["a", "b"], read.State.Tags);

        read.State.Count = 4;
        await adoNet.WriteStateAsync(StateName, grainId, read);
        await krr.ReadStateAsync(StateName, grainId, written);
        Assert.Equal((4, "2"), (written.State!.Count, written.ETag));

        written.State.Count = 5;
        await krr.WriteStateAsync(StateName, grainId, written);
        Assert.Equal("3", written.ETag);

        // The ADO.NET copy still holds version 2: stale, refused, and the row keeps what the krr storage wrote.
        read.State.Count = 99;
        await Assert.ThrowsAsync<InconsistentStateException>(() => adoNet.WriteStateAsync(StateName, grainId, read));
        var stale = new GrainState<StorageProbeState>(new StorageProbeState { Count = 98 }) { ETag = "2", RecordExists = true };
        await Assert.ThrowsAsync<InconsistentStateException>(() => krr.WriteStateAsync(StateName, grainId, stale));
        Assert.Equal("2", stale.ETag);
        await adoNet.ReadStateAsync(StateName, grainId, read);
        Assert.Equal((5, "3"), (read.State.Count, read.ETag));

        await krr.ClearStateAsync(StateName, grainId, written);
        await adoNet.ReadStateAsync(StateName, grainId, read);
        Assert.Equal(("", 0, "4"), (read.State.Name, read.State.Count, read.ETag));
    }

    [Fact]
    public async Task Many_grains_writing_at_once_through_the_cluster_each_store_their_own_state()
    {
        var keys = Enumerable.Range(0, 200).Select(_ => NewKey()).ToArray();

        await Task.WhenAll(keys.Select((k, i) => fixture.Cluster.Client.GetGrain<IStorageProbeGrain>(k).SetAsync(k, i)));
        await Task.WhenAll(keys.Select((k, i) => fixture.Cluster.Client.GetGrain<IStorageProbeGrain>(k).SetAsync(k, i + 1000)));

        await using var command = fixture.DataSource.CreateCommand(
            "SELECT grain_ext, version, payload->>'Name', (payload->>'Count')::int FROM krr_grain_state WHERE state_name = $1 AND grain_ext = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter { Value = StateName });
        command.Parameters.Add(new NpgsqlParameter { Value = keys });
        var rows = new Dictionary<string, (int, string, int)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0), (reader.GetInt32(1), reader.GetString(2), reader.GetInt32(3)));
        }
        Assert.Equal(keys.Length, rows.Count);
        for (var i = 0; i < keys.Length; i++)
        {
            Assert.Equal((2, keys[i], i + 1000), rows[keys[i]]);
        }
    }

    /// <summary>
    /// Holds both in-flight batches on a row lock, queues what <paramref name="queue"/> starts (so it is one batch),
    /// then releases the lock and awaits everything. Answers the queued tasks and their results (null for a conflict).
    /// </summary>
    private async Task<(Task<int?>[] Batch, int?[] Results)> InOneBatchAsync(
        CoalescedStateWrites writes, Func<Task<int?>[]> queue, bool expectFailure = false)
    {
        var blockers = new[] { NewKey(), NewKey() };
        foreach (var key in blockers)
        {
            await Write(writes, key, Json("blocker"), null);
        }
        await using var connection = await fixture.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockRows = new NpgsqlCommand(
                         "SELECT 1 FROM krr_grain_state WHERE state_name = $1 AND grain_ext = ANY($2) FOR UPDATE", connection, transaction))
        {
            lockRows.Parameters.Add(new NpgsqlParameter { Value = StateName });
            lockRows.Parameters.Add(new NpgsqlParameter { Value = blockers });
            await lockRows.ExecuteNonQueryAsync();
        }
        var held = new List<Task<int?>>();
        foreach (var key in blockers)
        {
            // One at a time, so each in-flight batch holds one blocker and the queue is empty after.
            held.Add(Write(writes, key, Json("blocker 2"), 1));
            await WaitUntilBlockedAsync(held.Count);
        }
        var batch = queue();
        await transaction.CommitAsync();
        Assert.Equal([2, 2], await Task.WhenAll(held));
        if (expectFailure)
        {
            await Assert.ThrowsAnyAsync<Exception>(() => Task.WhenAll(batch));
            return (batch, []);
        }
        return (batch, await Task.WhenAll(batch));
    }

    /// <summary>Until <paramref name="count"/> statements wait for a lock (the held batches have reached PostgreSQL).</summary>
    private async Task WaitUntilBlockedAsync(int count)
    {
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%unnest%'");
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((long)(await command.ExecuteScalarAsync())! < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "the held batches never reached the row lock");
            await Task.Delay(20);
        }
    }

    private async Task<(int Version, string Name)?> RowAsync(string key)
    {
        await using var command = fixture.DataSource.CreateCommand(
            "SELECT version, payload->>'Name' FROM krr_grain_state WHERE service_id = $1 AND state_name = $2 AND grain_ext = $3");
        command.Parameters.Add(new NpgsqlParameter { Value = fixture.ServiceId });
        command.Parameters.Add(new NpgsqlParameter { Value = StateName });
        command.Parameters.Add(new NpgsqlParameter { Value = key });
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? (reader.GetInt32(0), reader.GetString(1)) : null;
    }
}
