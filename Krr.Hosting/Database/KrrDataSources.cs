using System.Data.Common;
using Npgsql;

namespace Krr.Hosting.Database;

/// <summary>
/// The register's PostgreSQL data sources. The register sends a handful of statements again and again (the batched state
/// writes and reads, the due entries' moves), so Npgsql prepares them per connection (<c>Max Auto Prepare</c>), unless
/// the connection string says otherwise. Besides the parse and plan per execution this saves the plans of the triggers'
/// statements: a connection holding prepared statements is reset on return to the pool without <c>DISCARD ALL</c>
/// (whose <c>DISCARD PLANS</c> made PostgreSQL plan them again after almost every checkout; docs/benchmarks.md, "Writes").
/// Nor is a connection reset at all on its return (<c>No Reset On Close</c>): what remained of the reset were seven
/// statements PostgreSQL ran before the next command of nearly every checkout, about one per state write batch, read
/// batch and due-entry move, and none of them had anything to undo. The register leaves no session state on a pooled
/// connection: its advisory locks are transaction-scoped, its temporary tables dropped on commit, and it sets no session
/// settings, opens no cursors and listens on no channel; a connection returned inside a transaction is still rolled back.
/// </summary>
public static class KrrDataSources
{
    /// <summary>More than the register's recurring statements (about a dozen), so none is evicted by another.</summary>
    public const int MaxAutoPrepare = 32;

    public static NpgsqlDataSource Create(string connectionString) => NpgsqlDataSource.Create(WithDefaults(connectionString));

    /// <summary>
    /// <paramref name="connectionString"/> with <see cref="MaxAutoPrepare"/> and <c>No Reset On Close</c>, each where it does
    /// not set the keyword itself.
    /// </summary>
    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = MaxAutoPrepare;
        }
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }
        return builder.ConnectionString;
    }
}
