using Krr.Grains.Messaging;
using Krr.Hosting.Messaging;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Messaging;

public sealed class PostgresOutboxTests
{
    [Fact]
    public async Task A_message_is_stored_once_per_dedupe_key()
    {
        var (_, dataSource) = await TestPostgres.CreateMigratedDatabaseAsync();
        await using var _ = dataSource;
        var outbox = new PostgresOutbox(dataSource);
        var message = new OutboxMessage("warn16:test:email:2026-01-01", MessageChannel.Email, "kjell@test.no", "Er opplysningene dine riktige?", "Hei");

        Assert.True(await outbox.EnqueueAsync(message));
        Assert.False(await outbox.EnqueueAsync(message with { Body = "Hei igjen" }));

        await using var command = dataSource.CreateCommand("SELECT channel, recipient, body, sent_at IS NULL FROM krr_outbox");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(("email", "kjell@test.no", "Hei", true), (reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetBoolean(3)));
        Assert.False(await reader.ReadAsync());
    }
}
