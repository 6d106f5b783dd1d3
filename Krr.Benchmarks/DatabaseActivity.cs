using Npgsql;

namespace Krr.Benchmarks;

/// <summary>
/// What one database has done so far, from PostgreSQL's statistics views; the difference of two snapshots is what
/// happened in between. Statement counts come from <c>pg_stat_statements</c> and are null when the server does not
/// load it (<c>shared_preload_libraries</c>); the table and transaction counters are always there, but a backend
/// reports them when it goes idle or exits, so take the second snapshot after the clients have disconnected.
/// </summary>
/// <param name="Statements">Statements run in the database.</param>
/// <param name="StateReads">SELECT statements on <c>krr_grain_state</c> (grain state reads, batched or not).</param>
/// <param name="StateRowsRead">Rows those SELECT statements returned.</param>
/// <param name="StateScans">Scans of <c>krr_grain_state</c> (index and sequential; an <c>unnest</c> join scans the index once per key).</param>
/// <param name="Transactions">Committed and rolled back transactions (each statement outside a transaction is one).</param>
public sealed record DatabaseActivity(long? Statements, long? StateReads, long? StateRowsRead, long StateScans, long Transactions)
{
    /// <summary>Creates <c>pg_stat_statements</c> in the database where the server has the library, so statements are counted.</summary>
    public static async Task EnableStatementStatisticsAsync(NpgsqlDataSource dataSource)
    {
        await using var command = dataSource.CreateCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        try
        {
            await command.ExecuteNonQueryAsync();
        }
        catch (PostgresException exception) when (exception.SqlState == PostgresErrorCodes.UndefinedFile)
        {
            // Not installed on this server: the snapshots leave the statement counts out.
        }
    }

    public static async Task<DatabaseActivity> SnapshotAsync(NpgsqlDataSource dataSource)
    {
        long scans, transactions;
        await using (var tables = dataSource.CreateCommand(
            """
            SELECT coalesce(t.idx_scan, 0) + t.seq_scan, d.xact_commit + d.xact_rollback
            FROM pg_stat_user_tables t, pg_stat_database d
            WHERE t.relname = 'krr_grain_state' AND d.datname = current_database()
            """))
        await using (var reader = await tables.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (scans, transactions) = (reader.GetInt64(0), reader.GetInt64(1));
        }
        try
        {
            await using var statements = dataSource.CreateCommand(
                """
                SELECT coalesce(sum(calls), 0)::bigint,
                       coalesce(sum(calls) FILTER (WHERE reads), 0)::bigint,
                       coalesce(sum(rows) FILTER (WHERE reads), 0)::bigint
                FROM (SELECT calls, rows, query ~* '^\s*select' AND query ILIKE '%krr_grain_state%' AS reads
                      FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                      WHERE d.datname = current_database()) q
                """);
            await using var reader = await statements.ExecuteReaderAsync();
            await reader.ReadAsync();
            return new DatabaseActivity(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), scans, transactions);
        }
        catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.ObjectNotInPrerequisiteState or PostgresErrorCodes.UndefinedTable)
        {
            // pg_stat_statements is not loaded by this server: only the table counters are known.
            return new DatabaseActivity(null, null, null, scans, transactions);
        }
    }

    public DatabaseActivity Since(DatabaseActivity before) => new(
        Statements - before.Statements, StateReads - before.StateReads, StateRowsRead - before.StateRowsRead,
        StateScans - before.StateScans, Transactions - before.Transactions);
}
