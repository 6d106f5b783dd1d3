using Krr.Grains.Persons;
using Krr.Hosting.Population;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;
using Npgsql;

namespace Krr.Tests.Persons;

/// <summary>
/// A contact change on the real storage: its co-owners' flags are stored before the write returns, and the person is
/// stored twice (the claim, then the record that settles it), also when a co-owner's flag flips: the write that cleared
/// the told values after the record is gone.
/// </summary>
public sealed class ContactChangeWritesTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    [Fact]
    public async Task A_change_that_flips_a_co_owners_flag_stores_the_person_twice_and_leaves_nothing_unsettled()
    {
        var (first, second) = (TestIdentities.Next(), TestIdentities.Next());
        var (shared, other) = (TestIdentities.Mobile(), TestIdentities.Mobile());
        await deployment.Grains.GetPerson(first).SetContactAsync(ContactChannel.Mobile, new ContactValue(shared, shared));
        await deployment.Grains.GetPerson(second).SetContactAsync(ContactChannel.Mobile, new ContactValue(other, other));
        var before = await VersionAsync(second);

        // The second takes the first's number: the first's flag flips.
        var taken = await deployment.Grains.GetPerson(second).SetContactAsync(ContactChannel.Mobile, new ContactValue(shared, shared));
        Assert.True(taken!.Mobile!.Duplicated);
        Assert.True((await deployment.Grains.GetPerson(first).GetAsync())!.Mobile!.Duplicated);
        Assert.Equal(before + 2, await VersionAsync(second));
        Assert.Equal("[]", await UnsettledAsync(second));

        // And moves away again: the first's flag flips back.
        var moved = await deployment.Grains.GetPerson(second).SetContactAsync(ContactChannel.Mobile, new ContactValue(other, other));
        Assert.False(moved!.Mobile!.Duplicated);
        Assert.False((await deployment.Grains.GetPerson(first).GetAsync())!.Mobile!.Duplicated);
        Assert.Equal(before + 4, await VersionAsync(second));
        Assert.Equal("[]", await UnsettledAsync(second));
    }

    private async Task<int> VersionAsync(string identifier) =>
        (int)(await ScalarAsync("SELECT version FROM krr_grain_state WHERE service_id = 'krr' AND state_name = 'person' AND grain_ext = $1", identifier))!;

    private async Task<string?> UnsettledAsync(string identifier) =>
        (string?)await ScalarAsync("SELECT (payload -> 'Unsettled')::text FROM krr_grain_state WHERE service_id = 'krr' AND state_name = 'person' AND grain_ext = $1", identifier);

    private async Task<object?> ScalarAsync(string sql, string identifier)
    {
        await using var select = deployment.Database.CreateCommand(sql);
        select.Parameters.Add(new NpgsqlParameter { Value = GrainStateKey.ForStringKey(PersonKey.For(identifier), "person").Extension });
        return await select.ExecuteScalarAsync();
    }
}
