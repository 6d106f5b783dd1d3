using System.Data.Common;
using Npgsql;

namespace Krr.Hosting.Database;

/// <summary>
/// The register's PostgreSQL data sources. The register sends a handful of statements again and again (the batched state
/// writes and reads, the due entries' moves), so Npgsql prepares them per connection (<c>Max Auto Prepare</c>), unless
/// the connection string says otherwise. Besides the parse and plan per execution this saves the plans of the triggers'
/// statements: a connection holding prepared statements is reset on return to the pool without <c>DISCARD ALL</c>
/// (whose <c>DISCARD PLANS</c> made PostgreSQL plan them again after almost every checkout; docs/benchmarks.md, "Writes").
/// </summary>
public static class KrrDataSources
{
    /// <summary>More than the register's recurring statements (about a dozen), so none is evicted by another.</summary>
    public const int MaxAutoPrepare = 32;

    public static NpgsqlDataSource Create(string connectionString) => NpgsqlDataSource.Create(WithDefaults(connectionString));

    /// <summary><paramref name="connectionString"/> with <see cref="MaxAutoPrepare"/> where it does not set the keyword itself.</summary>
    public static string WithDefaults(string connectionString)
    {
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }
        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = MaxAutoPrepare }.ConnectionString;
    }
}
