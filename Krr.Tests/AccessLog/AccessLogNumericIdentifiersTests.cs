using Krr.Api.AccessLog;
using Krr.Hosting.Database;
using Krr.Tests.Infrastructure;
using Krr.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Krr.Tests.AccessLog;

/// <summary>
/// Migration 0067 turns the access log's identifiers into numbers. Entries logged before it are still found for their
/// person, leading zero included, and entries logged after it by the writer are found the same way.
/// </summary>
public sealed class AccessLogNumericIdentifiersTests
{
    private const string Agency = "991825827";

    [Fact]
    public async Task Entries_logged_before_and_after_the_migration_are_found_for_their_person()
    {
        await using var database = await TestPostgres.CreateMigratedBeforeAsync(67);
        await TestPostgres.ExecuteAsync(database,
            $$"""
            INSERT INTO krr_access_log (logged_at, consumer_org, supplier_org, endpoint, scopes, identifiers) VALUES
                ('2026-11-01T10:00:00Z', '{{Agency}}', NULL, '/rest/v2/personer', '{krr:global/kontaktinformasjon.read}', '{01019012345,31129912345}'),
                ('2026-11-02T10:00:00Z', '{{Agency}}', NULL, '/rest/v2/personer', '{krr:global/kontaktinformasjon.read}', '{31129912345}')
            """);

        await SchemaMigrator.MigrateAsync(database, NullLogger.Instance, CancellationToken.None);

        Assert.Equal(["bigint[]"], await SchemaMigrationTests.QueryLinesAsync(database,
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = 'krr_access_log'::regclass AND attname = 'identifiers'"));
        Assert.Equal(["ix_krr_access_log_identifiers"], await SchemaMigrationTests.QueryLinesAsync(database,
            "SELECT indexname FROM pg_indexes WHERE tablename = 'krr_access_log' AND indexdef LIKE '%gin (identifiers)%'"));
        var reader = new AccessLogReader(database);
        Assert.Single(await reader.ForPersonAsync("01019012345", CancellationToken.None));
        Assert.Equal(2, (await reader.ForPersonAsync("31129912345", CancellationToken.None)).Count);
        // Ten digits are no identifier, though as a number they equal the one with a leading zero.
        Assert.Throws<ArgumentException>(() => AccessLogIdentifiers.ToNumber("1019012345"));

        using var writer = new AccessLogWriter(database, NullLogger<AccessLogWriter>.Instance);
        await writer.StartAsync(CancellationToken.None);
        await writer.AppendAsync(new AccessLogEntry(DateTimeOffset.UtcNow, Agency, null, "/rest/v2/personer", ["krr:global/kontaktinformasjon.read"], ["01019012345"]), CancellationToken.None);
        await writer.StopAsync(CancellationToken.None);
        Assert.Equal(2, (await reader.ForPersonAsync("01019012345", CancellationToken.None)).Count);
    }
}
