using Krr.Grains.Persons;
using Krr.Hosting.Population;
using Krr.Tests.Api;
using Krr.Tests.Infrastructure;
using Npgsql;

namespace Krr.Tests.Storage;

/// <summary>
/// Persons with unsettled contact values are listed in <c>krr_unsettled_person</c> (migration 0062), kept in step with
/// their stored state by triggers, for <c>UnsettledPersonSweep</c>; and no index of <c>krr_grain_state</c> names a
/// column that a state write changes, so its updates can be HOT.
/// </summary>
public sealed class UnsettledPersonsTableTests(EmbeddedDeployment deployment) : IClassFixture<EmbeddedDeployment>
{
    [Fact]
    public async Task A_claim_lists_the_person_and_the_write_that_settles_it_removes_it()
    {
        var identifier = TestIdentities.Next();
        var key = PersonKey.For(identifier);
        var mobile = TestIdentities.Mobile();
        await InsertAsync(key, $$"""
            {"Unsettled":[{"Channel":1,"Normalized":"{{mobile}}"}]}
            """);
        Assert.True(await ListedAsync(key));

        // A bookkeeping write that leaves something unsettled keeps the person listed; settling removes it.
        await UpdateAsync(key, $$"""
            {"Unsettled":[{"Channel":1,"Normalized":"{{mobile}}"},{"Channel":0,"Normalized":"{{TestIdentities.Email()}}"}]}
            """);
        Assert.True(await ListedAsync(key));
        await deployment.Grains.GetPerson(identifier).SettleAsync();
        Assert.False(await ListedAsync(key));
    }

    [Fact]
    public async Task A_contact_change_is_listed_only_while_it_is_unsettled_and_a_deleted_row_leaves_no_entry()
    {
        var identifier = TestIdentities.Next();
        var key = PersonKey.For(identifier);
        var person = deployment.Grains.GetPerson(identifier);
        var mobile = TestIdentities.Mobile();
        await person.SetContactAsync(ContactChannel.Mobile, new ContactValue(mobile, mobile));
        Assert.False(await ListedAsync(key));

        await UpdateAsync(key, $$"""
            {"Unsettled":[{"Channel":1,"Normalized":"{{mobile}}"}]}
            """);
        Assert.True(await ListedAsync(key));
        await using (var delete = deployment.Database.CreateCommand(
            "DELETE FROM krr_grain_state WHERE service_id = 'krr' AND state_name = 'person' AND grain_ext = $1"))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = key });
            Assert.Equal(1, await delete.ExecuteNonQueryAsync());
        }
        Assert.False(await ListedAsync(key));
    }

    [Fact]
    public async Task No_index_of_the_grain_state_names_a_column_that_a_state_write_changes()
    {
        // PostgreSQL makes an update heap-only (HOT) only if no column named by an index's keys, expressions or
        // predicate changes; a state write changes payload, version, grain_hash, state_hash and modified_on.
        await using var select = deployment.Database.CreateCommand(
            """
            SELECT i.indexrelid::regclass::text, a.attname
            FROM pg_index i
            JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum > 0
            WHERE i.indrelid = 'krr_grain_state'::regclass
              AND (a.attnum = ANY (i.indkey)
                   OR pg_get_expr(i.indexprs, i.indrelid) ~ ('\m' || a.attname || '\M')
                   OR pg_get_expr(i.indpred, i.indrelid) ~ ('\m' || a.attname || '\M'))
            """);
        var named = new List<string>();
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                named.Add($"{reader.GetString(0)}.{reader.GetString(1)}");
            }
        }
        Assert.Contains("uq_krr_grain_state_key.grain_ext", named);
        Assert.DoesNotContain(named, n => n.EndsWith(".payload", StringComparison.Ordinal) || n.EndsWith(".version", StringComparison.Ordinal)
            || n.EndsWith(".grain_hash", StringComparison.Ordinal) || n.EndsWith(".state_hash", StringComparison.Ordinal)
            || n.EndsWith(".modified_on", StringComparison.Ordinal));
    }

    private async Task InsertAsync(string grainKey, string payload)
    {
        var key = GrainStateKey.ForStringKey(grainKey, "person");
        await using var insert = deployment.Database.CreateCommand(
            """
            INSERT INTO krr_grain_state (service_id, state_name, grain_n0, grain_n1, grain_ext, grain_hash, state_hash, payload, version, modified_on)
            VALUES ('krr', 'person', 0, 0, $1, $2, $3, $4::jsonb, 1, now())
            """);
        insert.Parameters.Add(new NpgsqlParameter { Value = key.Extension });
        insert.Parameters.Add(new NpgsqlParameter { Value = key.GrainHash });
        insert.Parameters.Add(new NpgsqlParameter { Value = key.StateHash });
        insert.Parameters.Add(new NpgsqlParameter { Value = payload });
        Assert.Equal(1, await insert.ExecuteNonQueryAsync());
    }

    private async Task UpdateAsync(string grainKey, string payload)
    {
        await using var update = deployment.Database.CreateCommand(
            "UPDATE krr_grain_state SET payload = $2::jsonb, version = version + 1 WHERE service_id = 'krr' AND state_name = 'person' AND grain_ext = $1");
        update.Parameters.Add(new NpgsqlParameter { Value = grainKey });
        update.Parameters.Add(new NpgsqlParameter { Value = payload });
        Assert.Equal(1, await update.ExecuteNonQueryAsync());
    }

    private async Task<bool> ListedAsync(string grainKey)
    {
        await using var select = deployment.Database.CreateCommand(
            "SELECT count(*) FROM krr_unsettled_person WHERE service_id = 'krr' AND grain_ext = $1");
        select.Parameters.Add(new NpgsqlParameter { Value = grainKey });
        return (long)(await select.ExecuteScalarAsync())! == 1;
    }
}
