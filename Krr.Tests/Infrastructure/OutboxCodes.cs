using System.Text.RegularExpressions;
using Npgsql;

namespace Krr.Tests.Infrastructure;

/// <summary>Reads one-time codes the way a citizen would get them: from the message queued in the outbox.</summary>
public static partial class OutboxCodes
{
    /// <summary>The code in the newest message queued to <paramref name="pid"/>'s <paramref name="channel"/> (<c>mobil</c> or <c>epost</c>).</summary>
    public static async Task<string> LatestAsync(NpgsqlDataSource database, string pid, string channel)
    {
        await using var command = database.CreateCommand("SELECT body FROM krr_outbox WHERE dedupe_key LIKE $1 ORDER BY id DESC LIMIT 1");
        command.Parameters.Add(new NpgsqlParameter { Value = $"otp:{pid}:{channel}:%" });
        var body = (string?)await command.ExecuteScalarAsync();
        Assert.NotNull(body);
        return SixDigits().Match(body).Value;
    }

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();
}
