using Krr.Grains.Persons;
using Krr.Hosting.Database;
using Krr.Hosting.Population;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Krr.Tests.Statistics;

/// <summary>
/// Migration 0061 on a real PostgreSQL: a person write that changes only duplicate flags (and the record's Updated) does not call the read model's
/// upsert (counted by PostgreSQL's function statistics within the transaction), is still a change in the feed, and a
/// write that changes a read-model column, alone or with a flag, still reaches the read model; and (migration 0063) a
/// write that leaves the Record as it is calls neither the read model's nor the changes feed's trigger function; and
/// (migration 0065) a person write that changes the Record calls one trigger function for both, which leaves the read
/// model's upsert out when no field the read model reads moved (a new spelling of the same value, as well as a flag).
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ReadModelFlagWriteTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_flag_only_person_write_skips_the_read_model_and_a_column_change_does_not()
    {
        await using var db = await postgres.CreateFreshDatabaseAsync();
        await SchemaMigrator.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);
        var identifier = TestIdentities.Next();
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var key = await InsertPersonAsync(connection, identifier,
            $$"""
            {"Record":{"Identifier":"{{identifier}}","Status":0,"Reserved":false,
             "Email":{"Value":"a@flagg.no","Normalized":"a@flagg.no","Updated":"2025-03-01T08:00:00+00:00","Duplicated":false},
             "Mobile":{"Value":"+4791234567","Normalized":"+4791234567","Updated":"2025-03-02T08:00:00+00:00","Duplicated":false},
             "Updated":"2025-03-02T08:00:00+00:00"},"Unsettled":[]}
            """);
        Assert.Equal((1L, 1L), (await UpsertsAsync(connection), await ChangesAsync(connection, identifier)));

        // A co-owner's flag write (PersonChanges.SetDuplicateFlag): both flags flip and the record's Updated moves, nothing
        // the read model holds changes.
        await UpdateAsync(connection, key.Extension,
            "jsonb_set(jsonb_set(jsonb_set(payload, '{Record,Email,Duplicated}', 'true'), '{Record,Mobile,Duplicated}', 'true'), '{Record,Updated}', '\"2025-03-03T08:00:00+00:00\"')");
        Assert.Equal((1L, 2L), (await UpsertsAsync(connection), await ChangesAsync(connection, identifier)));

        // A new spelling of the same number (ContactValue.Value; the normalised value stays): a change in the feed, no upsert.
        await UpdateAsync(connection, key.Extension, "jsonb_set(payload, '{Record,Mobile,Value}', '\"+47 912 34 567\"')");
        Assert.Equal((1L, 3L), (await UpsertsAsync(connection), await ChangesAsync(connection, identifier)));

        // A read-model column with a flag, then a column alone: both reach the read model.
        await UpdateAsync(connection, key.Extension, "jsonb_set(jsonb_set(payload, '{Record,Email,Duplicated}', 'false'), '{Record,Reserved}', 'true')");
        Assert.Equal(2L, await UpsertsAsync(connection));
        Assert.Equal(true, await ScalarAsync(connection, "SELECT reserved FROM krr_population WHERE identifier = $1", identifier));
        await UpdateAsync(connection, key.Extension, "jsonb_set(payload, '{Record,Mobile,Updated}', '\"2025-04-01T08:00:00+00:00\"')");
        Assert.Equal(3L, await UpsertsAsync(connection));
        Assert.Equal(new DateTime(2025, 4, 1, 8, 0, 0, DateTimeKind.Utc),
            await ScalarAsync(connection, "SELECT mobile_confirmed FROM krr_population WHERE identifier = $1", identifier));
    }

    [Fact]
    public async Task A_person_write_that_leaves_the_record_as_it_is_calls_no_trigger_function_of_the_read_model_or_the_feed()
    {
        var identifier = TestIdentities.Next();
        await using var db = await postgres.CreateFreshDatabaseAsync();
        await SchemaMigrator.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);
        await using var connection = await db.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var mobile = """{"Value":"+4791234567","Normalized":"+4791234567","Updated":"2025-03-02T08:00:00+00:00","Duplicated":false}""";
        var key = await InsertPersonAsync(connection, identifier,
            $$$"""{"Unsettled":[],"Record":{"Identifier":"{{{identifier}}}","Status":0,"Reserved":false,"Mobile":{{{mobile}}},"Updated":"2025-03-02T08:00:00+00:00"}}""");
        var afterInsert = await TriggerCallsAsync(connection);
        Assert.Equal((1L, 1L, 0L), afterInsert);

        // A change's claim and its settled write: only the bookkeeping beside the Record moves.
        await UpdateAsync(connection, key.Extension, "jsonb_set(payload, '{Unsettled}', '[{\"Channel\":1,\"Normalized\":\"+4791234567\"}]')");
        await UpdateAsync(connection, key.Extension, "jsonb_set(payload, '{Unsettled}', '[]')");
        Assert.Equal(afterInsert, await TriggerCallsAsync(connection));
        Assert.Equal(1L, await ChangesAsync(connection, identifier));

        // The Record changing calls one function, which writes the feed entry and the read model.
        await UpdateAsync(connection, key.Extension, "jsonb_set(payload, '{Record,Reserved}', 'true')");
        Assert.Equal((1L, 1L, 1L), await TriggerCallsAsync(connection));
        Assert.Equal(2L, await UpsertsAsync(connection));
        Assert.Equal(2L, await ChangesAsync(connection, identifier));
        Assert.Equal(true, await ScalarAsync(connection, "SELECT reserved FROM krr_population WHERE identifier = $1", identifier));
    }

    /// <summary>Counts the transaction's plpgsql calls from here on, and stores the person's first state.</summary>
    private static async Task<GrainStateKey> InsertPersonAsync(NpgsqlConnection connection, string identifier, string payload)
    {
        var key = GrainStateKey.ForStringKey(PersonKey.For(identifier), "person");
        await ExecuteAsync(connection, "SET LOCAL track_functions = 'pl'");
        await ExecuteAsync(connection,
            """
            INSERT INTO krr_grain_state (service_id, state_name, grain_n0, grain_n1, grain_ext, grain_hash, state_hash, payload, version, modified_on)
            VALUES ('flags', 'person', 0, 0, $1, $2, $3, $4::jsonb, 1, now())
            """,
            key.Extension, key.GrainHash, key.StateHash, payload);
        return key;
    }

    private static async Task<long> CallsAsync(NpgsqlConnection connection, string function) =>
        (long?)await ScalarAsync(connection, "SELECT calls FROM pg_stat_xact_user_functions WHERE funcname = $1", function) ?? 0;

    /// <summary>Calls of the insert triggers' functions (the read model's, the feed's) and of the person update trigger's.</summary>
    private static async Task<(long, long, long)> TriggerCallsAsync(NpgsqlConnection connection) =>
        (await CallsAsync(connection, "krr_population_from_grain_state"), await CallsAsync(connection, "krr_record_person_change"),
         await CallsAsync(connection, "krr_person_record_update"));

    private static Task UpdateAsync(NpgsqlConnection connection, string grainExt, string payload) =>
        ExecuteAsync(connection, $"UPDATE krr_grain_state SET payload = {payload}, version = version + 1 WHERE service_id = 'flags' AND grain_ext = $1", grainExt);

    private static Task<long> UpsertsAsync(NpgsqlConnection connection) => CallsAsync(connection, "krr_population_upsert_person");

    private static async Task<long> ChangesAsync(NpgsqlConnection connection, string identifier) =>
        (long)(await ScalarAsync(connection, "SELECT count(*) FROM krr_person_change WHERE record ->> 'Identifier' = $1", identifier))!;

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = Command(connection, sql, values);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = Command(connection, sql, values);
        return await command.ExecuteScalarAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] values)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        return command;
    }
}
