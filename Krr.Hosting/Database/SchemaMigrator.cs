using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Krr.Hosting.Database;

/// <summary>One embedded SQL migration, <c>Database/Migrations/NNNN_name.sql</c>.</summary>
public sealed record SchemaMigration(int Version, string Name, string Sql);

/// <summary>
/// Applies the embedded, versioned SQL migrations in order. Each migration runs in its own
/// transaction under a transaction-scoped advisory lock, so concurrent migrators serialize and a
/// migration is applied exactly once; re-running applies nothing.
/// </summary>
public static partial class SchemaMigrator
{
    /// <summary>Advisory lock key shared by every Krr migrator ("krr" + "mig" as ASCII).</summary>
    private const long AdvisoryLockKey = 0x6B7272_6D6967;

    private const string ResourceMarker = ".Database.Migrations.";

    /// <summary>The migrations embedded in this assembly, ordered by version.</summary>
    public static IReadOnlyList<SchemaMigration> Migrations { get; } = LoadMigrations();

    public static Task MigrateAsync(NpgsqlDataSource dataSource, ILogger logger, CancellationToken ct) =>
        ApplyAsync(dataSource, logger, ct);

    /// <summary>Applies pending migrations and returns those applied by this call (empty when up to date).</summary>
    public static async Task<IReadOnlyList<SchemaMigration>> ApplyAsync(
        NpgsqlDataSource dataSource, ILogger logger, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(logger);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await LockAsync(connection, tx, ct);
            await using var create = new NpgsqlCommand(
                """
                CREATE TABLE IF NOT EXISTS krr_schema_migrations
                (
                    version    int         NOT NULL PRIMARY KEY,
                    name       text        NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now()
                );
                """, connection, tx);
            await create.ExecuteNonQueryAsync(ct);
            await tx.CommitAsync(ct);
        }

        var applied = new List<SchemaMigration>();
        foreach (var migration in Migrations)
        {
            await using var tx = await connection.BeginTransactionAsync(ct);
            await LockAsync(connection, tx, ct);

            await using (var check = new NpgsqlCommand(
                "SELECT count(*) FROM krr_schema_migrations WHERE version = $1", connection, tx))
            {
                check.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                if ((long)(await check.ExecuteScalarAsync(ct))! > 0)
                {
                    await tx.RollbackAsync(ct);
                    continue;
                }
            }

            try
            {
                await using (var batch = new NpgsqlCommand(migration.Sql, connection, tx))
                {
                    await batch.ExecuteNonQueryAsync(ct);
                }

                await using (var record = new NpgsqlCommand(
                    "INSERT INTO krr_schema_migrations (version, name, applied_at) VALUES ($1, $2, now())", connection, tx))
                {
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Version });
                    record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                    await record.ExecuteNonQueryAsync(ct);
                }

                await tx.CommitAsync(ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogMigrationFailed(logger, ex, migration.Version, migration.Name);
                throw;
            }

            LogApplied(logger, migration.Version, migration.Name);
            applied.Add(migration);
        }

        if (applied.Count == 0)
        {
            LogUpToDate(logger, Migrations.Count == 0 ? 0 : Migrations[^1].Version);
        }

        return applied;
    }

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CancellationToken ct)
    {
        await using var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, tx);
        lockCommand.Parameters.Add(new NpgsqlParameter { Value = AdvisoryLockKey });
        await lockCommand.ExecuteNonQueryAsync(ct);
    }

    private static List<SchemaMigration> LoadMigrations()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var migrations = new List<SchemaMigration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            var at = resource.IndexOf(ResourceMarker, StringComparison.Ordinal);
            if (at < 0 || !resource.EndsWith(".sql", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var fileName = resource[(at + ResourceMarker.Length)..^".sql".Length];
            var match = FileNamePattern().Match(fileName);
            if (!match.Success)
            {
                throw new InvalidOperationException(
                    $"Migration resource '{resource}' is not named NNNN_name.sql.");
            }

            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new SchemaMigration(
                int.Parse(match.Groups["version"].Value, System.Globalization.CultureInfo.InvariantCulture),
                match.Groups["name"].Value,
                reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < migrations.Count; i++)
        {
            if (migrations[i].Version == migrations[i - 1].Version)
            {
                throw new InvalidOperationException($"Two migrations have version {migrations[i].Version}.");
            }
        }

        return migrations;
    }

    [GeneratedRegex(@"^(?<version>\d{4})_(?<name>[A-Za-z0-9_]+)$")]
    private static partial Regex FileNamePattern();

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version:D4} {Name}")]
    private static partial void LogApplied(ILogger logger, int version, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema is up to date (version {Version:D4}); nothing applied")]
    private static partial void LogUpToDate(ILogger logger, int version);

    [LoggerMessage(Level = LogLevel.Error, Message = "Migration {Version:D4} {Name} failed; it was rolled back")]
    private static partial void LogMigrationFailed(ILogger logger, Exception exception, int version, string name);
}
