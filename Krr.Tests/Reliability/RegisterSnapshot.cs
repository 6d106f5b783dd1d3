using Npgsql;

namespace Krr.Tests.Reliability;

/// <summary>
/// Every row, as text, of each table that holds the register's data, so a test can show that a run changed nothing.
/// Process bookkeeping (uptime heartbeats, the registered figure kept when a month ends, membership, applied
/// migrations, query texts) is left out: it changes with time, not with requests. So are the population summaries
/// (<c>krr_population_by_*</c>): counts derived from <c>krr_population</c>, which is compared, and folded by the
/// compactor on its own schedule; <c>PopulationSummariesTests</c> shows they equal the read model. Meant for
/// test-sized databases.
/// </summary>
public sealed class RegisterSnapshot
{
    private static readonly string[] Bookkeeping = ["krr_heartbeat", "krr_registered_month", "krr_schema_migrations", "orleansmembershiptable", "orleansmembershipversiontable", "orleansquery"];

    private const string DerivedPrefix = "krr_population_by_";

    private readonly Dictionary<string, List<string>> _rows;

    private RegisterSnapshot(Dictionary<string, List<string>> rows) => _rows = rows;

    public static async Task<RegisterSnapshot> TakeAsync(NpgsqlDataSource db)
    {
        var tables = new List<string>();
        await using (var list = db.CreateCommand(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var rows = new Dictionary<string, List<string>>();
        foreach (var table in tables.Except(Bookkeeping).Where(t => !t.StartsWith(DerivedPrefix, StringComparison.Ordinal)))
        {
            // A contact value whose owners all let it go is as good as one never registered: its row may stay behind.
            var released = table == "krr_grain_state" ? " WHERE NOT (state_name = 'contactOwners' AND payload -> 'Owners' = '[]'::jsonb)" : "";
            await using var select = db.CreateCommand($"SELECT t::text FROM {table} t{released} ORDER BY 1");
            await using var reader = await select.ExecuteReaderAsync();
            var texts = new List<string>();
            while (await reader.ReadAsync())
            {
                texts.Add(reader.GetString(0));
            }
            rows[table] = texts;
        }
        return new RegisterSnapshot(rows);
    }

    /// <summary>
    /// What differs from <paramref name="later"/>, table by table, ignoring rows that mention any of
    /// <paramref name="excluded"/> (persons the run was entitled to change); empty when nothing does.
    /// </summary>
    public List<string> Differences(RegisterSnapshot later, IReadOnlyCollection<string> excluded)
    {
        IEnumerable<string> Kept(RegisterSnapshot snapshot, string table) =>
            snapshot._rows.GetValueOrDefault(table, []).Where(row => !excluded.Any(id => row.Contains(id, StringComparison.Ordinal)));
        return _rows.Keys.Union(later._rows.Keys)
            .SelectMany(table => Kept(this, table).Except(Kept(later, table)).Select(row => $"{table}: gone or changed: {row}")
                .Concat(Kept(later, table).Except(Kept(this, table)).Select(row => $"{table}: new or changed: {row}")))
            .ToList();
    }
}
