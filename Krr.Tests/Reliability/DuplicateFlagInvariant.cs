using System.Text.Json.Nodes;
using Npgsql;

namespace Krr.Tests.Reliability;

/// <summary>
/// Recomputes every duplicate flag from the stored person records and compares: an active person's channel is
/// flagged exactly when another active person holds the same normalised value. Also compares every contact value's
/// stored owner set with the persons that hold it, and reports persons whose stored state still lists unsettled values.
/// Reads the grain state rows directly, as a support engineer would, so it trusts no grain.
/// </summary>
public static class DuplicateFlagInvariant
{
    private static readonly (string Field, string Prefix)[] Channels = [("Email", "epost:"), ("Mobile", "mobil:")];

    public static async Task<List<string>> ViolationsAsync(NpgsqlDataSource db)
    {
        var persons = new List<JsonObject>();
        var unsettled = new List<string>();
        await using (var select = db.CreateCommand("SELECT payload::text FROM krr_grain_state WHERE state_name = 'person'"))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var payload = JsonNode.Parse(reader.GetString(0))!.AsObject();
                if (payload["Record"] is JsonObject record)
                {
                    persons.Add(record);
                }
                if (payload["Unsettled"] is JsonArray { Count: > 0 } values)
                {
                    unsettled.Add($"{payload["Record"]?["Identifier"]}: unsettled {values.ToJsonString()}");
                }
            }
        }
        var owners = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await using (var select = db.CreateCommand("SELECT grain_ext, payload::text FROM krr_grain_state WHERE state_name = 'contactOwners'"))
        await using (var reader = await select.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                var set = JsonNode.Parse(reader.GetString(1))!["Owners"]?.AsArray().Select(o => o!.GetValue<string>()) ?? [];
                owners[reader.GetString(0)] = [.. set];
            }
        }

        var holders = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var record in persons.Where(Active))
        {
            foreach (var (field, prefix) in Channels)
            {
                if (record[field]?["Normalized"]?.GetValue<string>() is { } normalized)
                {
                    var key = prefix + normalized;
                    (holders.TryGetValue(key, out var set) ? set : holders[key] = []).Add(record["Identifier"]!.GetValue<string>());
                }
            }
        }

        var violations = new List<string>(unsettled);
        foreach (var record in persons.Where(Active))
        {
            foreach (var (field, prefix) in Channels)
            {
                if (record[field] is JsonObject channel)
                {
                    var expected = holders[prefix + channel["Normalized"]!.GetValue<string>()].Count > 1;
                    if (channel["Duplicated"]?.GetValue<bool>() != expected)
                    {
                        violations.Add($"{record["Identifier"]} {field} {channel["Normalized"]}: flag {channel["Duplicated"]}, stored records say {expected}");
                    }
                }
            }
        }
        foreach (var key in owners.Keys.Union(holders.Keys))
        {
            var stored = owners.GetValueOrDefault(key, []);
            var held = holders.GetValueOrDefault(key, []);
            if (!stored.SetEquals(held))
            {
                violations.Add($"{key}: owner set [{string.Join(',', stored.Order())}], held by [{string.Join(',', held.Order())}]");
            }
        }
        return violations;
    }

    /// <summary>Waits (up to <paramref name="timeout"/>) for settling to finish, then returns what is still violated.</summary>
    public static async Task<List<string>> EventuallyAsync(NpgsqlDataSource db, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var violations = await ViolationsAsync(db);
            if (violations.Count == 0 || DateTime.UtcNow > deadline)
            {
                return violations;
            }
            await Task.Delay(500);
        }
    }

    private static bool Active(JsonObject record) => record["Status"]?.GetValue<int>() == 0;
}
