using Krr.Api.Auth;
using Npgsql;

namespace Krr.Api.AccessLog;

/// <summary>One lookup of a person as the citizen sees it: who (organisation), when, with which scopes, which data blocks.</summary>
public sealed record AccessLogView(
    DateTimeOffset Tidspunkt, string Virksomhet, string? Leverandoer, IReadOnlyList<string> Omfang, IReadOnlyList<string> Datablokker);

/// <summary>
/// "Who looked me up": the access log entries about one person, newest first, through the GIN indexes on both forms of
/// the identifiers (numbers since migration 0066, text before it; <c>krr_access_log_about</c> says why it is a function).
/// </summary>
public sealed class AccessLogReader(NpgsqlDataSource dataSource)
{
    private const int MaxEntries = 500;

    public async Task<IReadOnlyList<AccessLogView>> ForPersonAsync(string identifier, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT logged_at, consumer_org, supplier_org, scopes FROM krr_access_log_about($1, $2, {MaxEntries})");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AccessLogIdentifiers.ToNumber(identifier) });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = identifier });
        var entries = new List<AccessLogView>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var supplier = reader.IsDBNull(2) ? null : reader.GetString(2);
            var scopes = reader.GetFieldValue<string[]>(3);
            // The blocks the caller saw follow from its scopes exactly as the lookup projected them.
            var caller = new AgencyCaller(reader.GetString(1), supplier, scopes.ToHashSet(StringComparer.Ordinal));
            List<string> blocks = [.. caller.CanReadContact ? ["kontaktinformasjon"] : Array.Empty<string>(), .. caller.CanReadMailbox ? ["digital_post"] : Array.Empty<string>()];
            entries.Add(new AccessLogView(reader.GetFieldValue<DateTimeOffset>(0), caller.ConsumerOrg, supplier, scopes, blocks));
        }
        return entries;
    }
}
