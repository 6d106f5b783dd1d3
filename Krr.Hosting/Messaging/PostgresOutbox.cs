using Krr.Grains.Messaging;
using Npgsql;

namespace Krr.Hosting.Messaging;

public sealed class PostgresOutbox(NpgsqlDataSource dataSource) : IOutbox
{
    public async Task<bool> EnqueueAsync(OutboxMessage message, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO krr_outbox (dedupe_key, channel, recipient, subject, body)
            VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (dedupe_key) DO NOTHING
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = message.DedupeKey });
        command.Parameters.Add(new NpgsqlParameter { Value = message.Channel == MessageChannel.Email ? "email" : "sms" });
        command.Parameters.Add(new NpgsqlParameter { Value = message.Recipient });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)message.Subject ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = message.Body });
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }
}
