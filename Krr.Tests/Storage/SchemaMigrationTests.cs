using System.Text;
using Krr.Hosting.Database;
using Krr.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Krr.Tests.Storage;

[Collection(PostgresCollection.Name)]
public sealed class SchemaMigrationTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Migrating_twice_applies_nothing_the_second_time_and_leaves_the_schema_identical()
    {
        await using var db = await postgres.CreateFreshDatabaseAsync();

        var first = await SchemaMigrator.ApplyAsync(db, NullLogger.Instance, CancellationToken.None);
        Assert.Equal(SchemaMigrator.Migrations.Select(m => m.Version), first.Select(m => m.Version));
        var dumpAfterFirst = await DumpSchemaAsync(db);
        var historyAfterFirst = await QueryLinesAsync(db, "SELECT version || ' ' || name || ' ' || applied_at FROM krr_schema_migrations ORDER BY version");

        var second = await SchemaMigrator.ApplyAsync(db, NullLogger.Instance, CancellationToken.None);
        await SchemaMigrator.MigrateAsync(db, NullLogger.Instance, CancellationToken.None);

        Assert.Empty(second);
        Assert.Equal(dumpAfterFirst, await DumpSchemaAsync(db));
        Assert.Equal(historyAfterFirst, await QueryLinesAsync(db, "SELECT version || ' ' || name || ' ' || applied_at FROM krr_schema_migrations ORDER BY version"));
        Assert.Equal(SchemaMigrator.Migrations.Count, historyAfterFirst.Count);
    }

    [Fact]
    public async Task Two_concurrent_migrators_on_a_fresh_database_both_succeed()
    {
        await using var db = await postgres.CreateFreshDatabaseAsync();

        var results = await Task.WhenAll(
            Task.Run(() => SchemaMigrator.ApplyAsync(db, NullLogger.Instance, CancellationToken.None)),
            Task.Run(() => SchemaMigrator.ApplyAsync(db, NullLogger.Instance, CancellationToken.None)));

        // Every migration was applied exactly once, by one of the two.
        Assert.Equal(
            SchemaMigrator.Migrations.Select(m => m.Version),
            results.SelectMany(r => r).Select(m => m.Version).Order());
        var rows = await QueryLinesAsync(db, "SELECT version::text FROM krr_schema_migrations ORDER BY krr_schema_migrations.version");
        Assert.Equal(SchemaMigrator.Migrations.Select(m => m.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)), rows);
    }

    [Fact]
    public async Task Every_query_key_the_providers_need_is_installed()
    {
        var keys = await QueryLinesAsync(postgres.DataSource, "SELECT querykey FROM orleansquery ORDER BY querykey");
        string[] required =
        [
            "InsertMembershipVersionKey", "MembershipReadAllKey", "MembershipReadRowKey", "InsertMembershipKey",
            "UpdateMembershipKey", "UpdateIAmAlivetimeKey", "GatewaysQueryKey", "DeleteMembershipTableEntriesKey",
            "CleanupDefunctSiloEntriesKey", "CleanupDefunctSiloEntryKey",
            "ReadFromStorageKey", "WriteToStorageKey", "ClearStorageKey", "DeleteStorageKey",
            "UpsertReminderRowKey", "ReadReminderRowsKey", "ReadReminderRowKey", "ReadRangeRows1Key",
            "ReadRangeRows2Key", "DeleteReminderRowKey", "DeleteReminderRowsKey",
        ];
        Assert.Empty(required.Except(keys));
    }

    private static async Task<string> DumpSchemaAsync(NpgsqlDataSource db)
    {
        var sb = new StringBuilder();
        foreach (var line in await QueryLinesAsync(db,
                     """
                     SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || coalesce(character_maximum_length::text, '')
                            || ' ' || is_nullable || ' ' || coalesce(column_default, '')
                     FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, column_name
                     """))
        {
            sb.AppendLine(line);
        }

        foreach (var line in await QueryLinesAsync(db,
                     """
                     SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
                     FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1
                     """))
        {
            sb.AppendLine(line);
        }

        foreach (var line in await QueryLinesAsync(db,
                     "SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname"))
        {
            sb.AppendLine(line);
        }

        foreach (var line in await QueryLinesAsync(db, "SELECT querykey || ': ' || md5(querytext) FROM orleansquery ORDER BY querykey"))
        {
            sb.AppendLine(line);
        }

        return sb.ToString();
    }

    internal static async Task<List<string>> QueryLinesAsync(NpgsqlDataSource db, string sql)
    {
        await using var command = db.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }

        return lines;
    }
}
