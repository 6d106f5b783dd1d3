using System.Text.Json;
using Krr.Grains;
using Krr.Hosting.Population;
using Krr.Hosting.Storage;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Orleans.Storage;

namespace Krr.Tests.Storage;

/// <summary>
/// The register's grain storage reads through <see cref="GrainStateReadBatcher"/>: many reads at once cost a few
/// queries and give exactly what Orleans' ADO.NET reader gives for the same rows (real provider, real PostgreSQL).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class CoalescedStateReadTests(KrrClusterFixture fixture) : IClassFixture<KrrClusterFixture>
{
    private const string StateName = "storageProbe";

    private IServiceProvider Silo => fixture.Cluster.Silos[0].ServiceProvider;
    private IGrainStorage Register => Silo.GetRequiredKeyedService<IGrainStorage>(KrrStorage.Name);
    private IGrainStorage AdoNet => Silo.GetRequiredKeyedService<IGrainStorage>(KrrGrainStorage.AdoNetName);

    [Fact]
    public void The_register_and_the_default_provider_are_the_coalescing_storage()
    {
        Assert.IsType<KrrGrainStorage>(Register);
        Assert.Same(Register, Silo.GetRequiredKeyedService<IGrainStorage>(Orleans.Providers.ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME));
        Assert.Same(Register, Silo.GetRequiredService<IGrainStorage>());
    }

    [Fact]
    public async Task Concurrent_reads_of_stored_missing_and_cleared_rows_answer_what_the_AdoNet_reader_answers_in_few_queries()
    {
        var stored = await WriteAsync(200);
        var cleared = await WriteAsync(50);
        foreach (var id in cleared)
        {
            var state = await ReadAsync(AdoNet, id);
            await AdoNet.ClearStateAsync(StateName, id, state);
        }
        var missing = Enumerable.Range(0, 50).Select(_ => NewId()).ToList();
        // Integer and hex-looking keys have other key columns; the provider reads them itself.
        var integer = GrainId.Create(GrainType.Create("probe"), GrainIdKeyExtensions.CreateIntegerKey(Random.Shared.NextInt64()));
        var hexLooking = GrainId.Create("probe", Convert.ToHexString(Guid.NewGuid().ToByteArray())[..12]);
        await WriteAsync([integer, hexLooking]);
        List<GrainId> all = [.. stored, .. cleared, .. missing, integer, hexLooking];
        var batcher = Silo.GetRequiredService<GrainStateReadBatcher>();

        var queriesBefore = batcher.Queries;
        var coalesced = await Task.WhenAll(all.Select(id => ReadAsync(Register, id)));
        var queries = batcher.Queries - queriesBefore;
        var adoNet = new List<GrainState<StorageProbeState>>();
        foreach (var id in all)
        {
            adoNet.Add(await ReadAsync(AdoNet, id));
        }

        Assert.True(queries < 30, $"{all.Count - 2} string-keyed reads took {queries} queries");
        for (var i = 0; i < all.Count; i++)
        {
            Assert.Equal((i, adoNet[i].RecordExists, adoNet[i].ETag, JsonSerializer.Serialize(adoNet[i].State)),
                (i, coalesced[i].RecordExists, coalesced[i].ETag, JsonSerializer.Serialize(coalesced[i].State)));
        }
        Assert.All(coalesced[..200], s => Assert.Equal(("1", true), (s.ETag, s.RecordExists)));
        Assert.All(coalesced[..200], s => Assert.StartsWith("probe ", s.State?.Name));
        // A tombstone (NULL payload) is no record, yet keeps the version its clear wrote, with a new state.
        Assert.All(coalesced[200..250], s => Assert.Equal(("2", false, ""), (s.ETag, s.RecordExists, s.State?.Name)));
        Assert.All(coalesced[250..300], s => Assert.Equal((null, false, ""), (s.ETag, s.RecordExists, s.State?.Name)));
        Assert.All(coalesced[300..], s => Assert.Equal(("1", true), (s.ETag, s.RecordExists)));
    }

    [Fact]
    public async Task Grains_activated_together_read_their_state_in_few_queries()
    {
        var keys = Enumerable.Range(0, 200).Select(i => $"probe:{Guid.NewGuid():N}").ToList();
        await Task.WhenAll(keys.Select((key, i) => fixture.Cluster.Client.GetGrain<IStorageProbeGrain>(key).SetAsync("grain " + i, i)));
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var batchers = fixture.Cluster.Silos.Select(s => s.ServiceProvider.GetRequiredService<GrainStateReadBatcher>()).ToList();
        var before = batchers.Sum(b => b.Queries);

        var states = await Task.WhenAll(keys.Select(key => fixture.Cluster.Client.GetGrain<IStorageProbeGrain>(key).GetAsync()));

        Assert.Equal(keys.Select((_, i) => ("grain " + i, i)), states.Select(s => (s.Name, s.Count)));
        var queries = batchers.Sum(b => b.Queries) - before;
        Assert.True(queries < 100, $"200 activations took {queries} state queries");
    }

    [Fact]
    public async Task A_failed_query_fails_every_read_of_its_batch_and_no_other()
    {
        var ids = await WriteAsync(4);
        var keys = ids.Select(id => GrainStateKey.ForStringKey(id.Key.ToString()!, StateName)).ToList();
        // One connection, held by the test: the first read's query waits for it and the next reads queue behind it as one batch.
        await using var oneConnection = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(fixture.DataSource.ConnectionString) { MaxPoolSize = 1 }.ConnectionString);
        var batcher = new GrainStateReadBatcher(oneConnection, fixture.ServiceId, maxQueries: 1);
        Task<StoredGrainState?> first, second, broken, third;
        await using (await oneConnection.OpenConnectionAsync())
        {
            first = batcher.ReadAsync(StateName, keys[0]);
            await Task.Delay(200);
            second = batcher.ReadAsync(StateName, keys[1]);
            // PostgreSQL refuses a NUL character in text, so this key fails the whole query it is in.
            broken = batcher.ReadAsync(StateName, GrainStateKey.ForStringKey("probe:\0", StateName));
            third = batcher.ReadAsync(StateName, keys[2]);
        }

        Assert.Equal(1, (await first)!.Version);
        var failure = await Assert.ThrowsAnyAsync<NpgsqlException>(() => broken);
        Assert.Same(failure, await Assert.ThrowsAnyAsync<NpgsqlException>(() => second));
        Assert.Same(failure, await Assert.ThrowsAnyAsync<NpgsqlException>(() => third));
        Assert.Equal(1, (await batcher.ReadAsync(StateName, keys[3]))!.Version);
        Assert.Equal(3, batcher.Queries);
    }

    [Fact]
    public async Task A_payload_that_does_not_deserialise_fails_only_its_own_read()
    {
        var ids = await WriteAsync(3);
        await using (var corrupt = fixture.DataSource.CreateCommand(
                         "UPDATE krr_grain_state SET payload = '{\"Count\": \"many\"}' WHERE state_name = $1 AND grain_ext = $2"))
        {
            corrupt.Parameters.Add(new NpgsqlParameter { Value = StateName });
            corrupt.Parameters.Add(new NpgsqlParameter { Value = ids[1].Key.ToString() });
            Assert.Equal(1, await corrupt.ExecuteNonQueryAsync());
        }

        var reads = ids.Select(id => ReadAsync(Register, id)).ToList();

        Assert.Equal("1", (await reads[0]).ETag);
        var coalesced = await Assert.ThrowsAnyAsync<JsonException>(() => reads[1]);
        Assert.Equal("1", (await reads[2]).ETag);
        Assert.Equal(coalesced.GetType(), (await Assert.ThrowsAnyAsync<JsonException>(() => ReadAsync(AdoNet, ids[1]))).GetType());
    }

    private static GrainId NewId() => GrainId.Create("probe", $"probe:{Guid.NewGuid():N}");

    private async Task<List<GrainId>> WriteAsync(int count)
    {
        var ids = Enumerable.Range(0, count).Select(_ => NewId()).ToList();
        await WriteAsync(ids);
        return ids;
    }

    private async Task WriteAsync(List<GrainId> ids)
    {
        foreach (var (id, i) in ids.Select((id, i) => (id, i)))
        {
            var state = new GrainState<StorageProbeState> { State = new StorageProbeState { Name = "probe " + i, Count = i, Tags = ["t" + i] } };
            await AdoNet.WriteStateAsync(StateName, id, state);
        }
    }

    private static async Task<GrainState<StorageProbeState>> ReadAsync(IGrainStorage storage, GrainId id)
    {
        var state = new GrainState<StorageProbeState>();
        await storage.ReadStateAsync(StateName, id, state);
        return state;
    }
}
