using Npgsql;

namespace Krr.Api.MailboxProviders;

/// <summary>One queued order for a provider: the person said Ja and chose it.</summary>
public sealed record MailboxOrder(string Personidentifikator, DateTimeOffset Bestilt);

/// <summary>The citizen's latest answer to the mailbox question, with when a provider fulfilled a Ja.</summary>
public sealed record MailboxAnswer(bool WantsMailbox, string? ProviderOrg, DateTimeOffset AnsweredAt, DateTimeOffset? FulfilledAt);

/// <summary>Citizens' mailbox answers and the providers' order queues, in <c>krr_mailbox_orders</c>.</summary>
public sealed class MailboxOrders(NpgsqlDataSource dataSource)
{
    /// <summary>Records the latest answer; a new Ja re-opens the order, a Nei withdraws it.</summary>
    public async Task RecordAsync(string identifier, string? providerOrg, DateTimeOffset answeredAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO krr_mailbox_orders (identifier, wants_mailbox, provider_org, answered_at)
            VALUES ($1, $2, $3, $4)
            ON CONFLICT (identifier) DO UPDATE
            SET wants_mailbox = excluded.wants_mailbox, provider_org = excluded.provider_org,
                answered_at = excluded.answered_at, fulfilled_at = NULL
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = identifier });
        command.Parameters.Add(new NpgsqlParameter { Value = providerOrg is not null });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)providerOrg ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { Value = answeredAt });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<MailboxAnswer?> AnswerAsync(string identifier, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT wants_mailbox, provider_org, answered_at, fulfilled_at FROM krr_mailbox_orders WHERE identifier = $1");
        command.Parameters.Add(new NpgsqlParameter { Value = identifier });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new MailboxAnswer(
                reader.GetBoolean(0),
                reader.IsDBNull(1) ? null : reader.GetString(1),
                reader.GetFieldValue<DateTimeOffset>(2),
                reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3))
            : null;
    }

    public async Task<IReadOnlyList<MailboxOrder>> OpenAsync(string providerOrg, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT identifier, answered_at FROM krr_mailbox_orders
            WHERE provider_org = $1 AND wants_mailbox AND fulfilled_at IS NULL
            ORDER BY answered_at LIMIT 1000
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = providerOrg });
        var orders = new List<MailboxOrder>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            orders.Add(new MailboxOrder(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }
        return orders;
    }

    /// <summary>Marks the person's open order to this provider fulfilled; nothing when there is none.</summary>
    public async Task FulfilAsync(string identifier, string providerOrg, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "UPDATE krr_mailbox_orders SET fulfilled_at = $3 WHERE identifier = $1 AND provider_org = $2 AND wants_mailbox AND fulfilled_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter { Value = identifier });
        command.Parameters.Add(new NpgsqlParameter { Value = providerOrg });
        command.Parameters.Add(new NpgsqlParameter { Value = at });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
