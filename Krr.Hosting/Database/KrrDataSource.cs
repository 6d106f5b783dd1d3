using Npgsql;

namespace Krr.Hosting.Database;

/// <summary>
/// The register's data sources. Connections go back to the pool without Npgsql's reset (<c>DISCARD ALL</c>, sent with the
/// next command on the connection): it drops the session's cached plans, so the statements inside the triggers and
/// plpgsql functions of the next write were planned again after nearly every checkout (0.7 resets per contact change on
/// the writes benchmark, about 1 ms of PostgreSQL CPU each with the replanning; docs/benchmarks.md, "Writes", wt-b). The
/// reset exists for session state, and the register keeps none across a checkout: its settings are <c>SET LOCAL</c>, its
/// advisory locks and temporary tables end with their transaction, and Npgsql still rolls back an open transaction.
/// </summary>
public static class KrrDataSource
{
    public static NpgsqlDataSource Create(string connectionString) =>
        NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString);
}
