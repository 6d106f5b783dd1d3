using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Krr.Hosting.Database;

/// <summary>
/// A private PostgreSQL server started from the machine's binaries, for the embedded shape and tests.
/// Data lives in <c>dataDirectory/pgdata</c> and survives restarts; the server listens on a free
/// loopback port with trust authentication (loopback only) and superuser <c>krr</c>.
/// A server left running by an earlier (crashed) run on the same data directory is reused.
/// </summary>
public sealed partial class LocalPostgres : IAsyncDisposable
{
    public const string SuperUser = "krr";
    public const string DefaultDatabase = "krr";

    private readonly string _binDirectory;
    private readonly string _pgData;
    private readonly string? _runAsUser;
    private readonly ILogger _logger;
    private readonly bool _startedByUs;
    private int _disposed;

    private LocalPostgres(string binDirectory, string pgData, string? runAsUser, int port, bool startedByUs, ILogger logger)
    {
        _binDirectory = binDirectory;
        _pgData = pgData;
        _runAsUser = runAsUser;
        Port = port;
        _startedByUs = startedByUs;
        _logger = logger;
        ConnectionString = BuildConnectionString(DefaultDatabase);
    }

    /// <summary>Connection string for database <c>krr</c> as superuser <c>krr</c> (no password; trust on loopback).</summary>
    public string ConnectionString { get; }

    public int Port { get; }

    public static Task<LocalPostgres> StartAsync(string dataDirectory, ILogger logger, CancellationToken ct) =>
        StartAsync(dataDirectory, logger, serverSettings: null, ct);

    /// <summary>
    /// As <see cref="StartAsync(string, ILogger, CancellationToken)"/>, with extra server settings passed as
    /// <c>-c name=value</c> when this call starts the server (tests use <c>fsync=off</c>).
    /// </summary>
    public static async Task<LocalPostgres> StartAsync(
        string dataDirectory, ILogger logger, IReadOnlyDictionary<string, string>? serverSettings, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        ArgumentNullException.ThrowIfNull(logger);

        var root = Path.GetFullPath(dataDirectory);
        Directory.CreateDirectory(root);
        var binDirectory = FindBinDirectory();
        var runAsUser = Environment.UserName == "root" || IsRoot() ? PickNonRootUser() : null;
        var pgData = Path.Combine(root, "pgdata");
        var socketDir = Path.Combine(root, "run");
        var logDir = Path.Combine(root, "log");

        // Serialize starters on the same data directory (two test processes, API + migrate, ...).
        await using var startLock = await AcquireFileLockAsync(Path.Combine(root, ".start.lock"), ct);

        if (TryReadRunningServer(pgData) is { } running && await CanConnectAsync(running, ct))
        {
            LogReusing(logger, pgData, running);
            var reused = new LocalPostgres(binDirectory, pgData, runAsUser, running, startedByUs: false, logger);
            await reused.EnsureDatabaseAsync(DefaultDatabase, ct);
            return reused;
        }

        foreach (var dir in new[] { socketDir, logDir })
        {
            Directory.CreateDirectory(dir);
        }

        if (!File.Exists(Path.Combine(pgData, "PG_VERSION")))
        {
            if (Directory.Exists(pgData))
            {
                // A half-finished initdb from an interrupted run: start over.
                Directory.Delete(pgData, recursive: true);
            }

            Directory.CreateDirectory(pgData);
            await ChownAsync(runAsUser, [pgData, socketDir, logDir], logger, ct);
            LogInitdb(logger, pgData, binDirectory);
            await RunAsync(binDirectory, "initdb", runAsUser, root, ct,
                "-D", pgData, "-U", SuperUser, "-E", "UTF8", "--locale=C",
                "--auth-local=trust", "--auth-host=trust", "--no-instructions");
            await File.WriteAllTextAsync(Path.Combine(pgData, "pg_hba.conf"),
                """
                # Written by Krr LocalPostgres: trust, loopback and the private unix socket only.
                local   all   all                  trust
                host    all   all   127.0.0.1/32   trust
                host    all   all   ::1/128        trust

                """, ct);
        }

        await ChownAsync(runAsUser, [pgData, socketDir, logDir], logger, ct);

        var port = FreeLoopbackPort();
        LogStarting(logger, pgData, port);
        var options = string.Join(' ',
            "-c listen_addresses=127.0.0.1",
            $"-p {port.ToString(CultureInfo.InvariantCulture)}",
            $"-c unix_socket_directories='{socketDir}'",
            "-c timezone=UTC",
            // Room for a process's full Npgsql pool (100) beside tools and a second process.
            "-c max_connections=300");
        foreach (var (name, value) in serverSettings ?? new Dictionary<string, string>())
        {
            options += $" -c {name}={value}";
        }

        await RunAsync(binDirectory, "pg_ctl", runAsUser, root, ct,
            "start", "-D", pgData, "-w", "-t", "60", "-l", Path.Combine(logDir, "postgres.log"), "-o", options);

        var server = new LocalPostgres(binDirectory, pgData, runAsUser, port, startedByUs: true, logger);
        await server.EnsureDatabaseAsync(DefaultDatabase, ct);
        LogStarted(logger, port);
        return server;
    }

    /// <summary>A data source for <paramref name="database"/> (default <c>krr</c>). The caller disposes it.</summary>
    public NpgsqlDataSource CreateDataSource(string? database = null) =>
        KrrDataSources.Create(database is null ? ConnectionString : BuildConnectionString(database));

    /// <summary>Creates database <paramref name="name"/> if it does not exist.</summary>
    public Task CreateDatabaseAsync(string name) => EnsureDatabaseAsync(name, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || !_startedByUs)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        LogStopping(_logger, _pgData);
        try
        {
            await RunAsync(_binDirectory, "pg_ctl", _runAsUser, Path.GetDirectoryName(_pgData)!, CancellationToken.None,
                "stop", "-D", _pgData, "-m", "fast", "-w", "-t", "60");
        }
        catch (Exception ex)
        {
            LogStopFailed(_logger, ex, _pgData);
        }
    }

    /// <summary>
    /// Asks the server to shut down (fast mode) without waiting for it, for process-exit handlers that
    /// have little time. No-op unless this instance started the server.
    /// </summary>
    public void RequestStop()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || !_startedByUs)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        LogStopping(_logger, _pgData);
        RunAsync(_binDirectory, "pg_ctl", _runAsUser, Path.GetDirectoryName(_pgData)!, CancellationToken.None,
            "stop", "-D", _pgData, "-m", "fast", "-W").GetAwaiter().GetResult();
    }

    private string BuildConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SuperUser,
        Database = database,
    }.ConnectionString;

    private async Task EnsureDatabaseAsync(string name, CancellationToken ct)
    {
        if (!IsSafeIdentifier(name))
        {
            throw new ArgumentException($"'{name}' is not a plain database name ([a-z0-9_], starting with a letter or _).", nameof(name));
        }

        await using var connection = new NpgsqlConnection(BuildConnectionString("postgres"));
        await connection.OpenAsync(ct);
        await using var exists = new NpgsqlCommand("SELECT count(*) FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = name });
        if ((long)(await exists.ExecuteScalarAsync(ct))! > 0)
        {
            return;
        }

        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" ENCODING 'UTF8'", connection);
        try
        {
            await create.ExecuteNonQueryAsync(ct);
            LogCreatedDatabase(_logger, name);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created concurrently by someone else: fine.
        }
    }

    /// <summary>Whether <paramref name="name"/> is a plain database name that needs no quoting ([a-z0-9_], starting with a letter or _).</summary>
    public static bool IsSafeIdentifier(string name) =>
        name.Length is > 0 and <= 63
        && (char.IsAsciiLetterLower(name[0]) || name[0] == '_')
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_');

    private static int? TryReadRunningServer(string pgData)
    {
        var pidFile = Path.Combine(pgData, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return null;
        }

        try
        {
            // Line 1: postmaster PID, line 4: port (see PostgreSQL's pidfile.h).
            var lines = File.ReadAllLines(pidFile);
            if (lines.Length < 4
                || !int.TryParse(lines[0].Trim(), CultureInfo.InvariantCulture, out var pid)
                || !int.TryParse(lines[3].Trim(), CultureInfo.InvariantCulture, out var port))
            {
                return null;
            }

            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : port;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static async Task<bool> CanConnectAsync(int port, CancellationToken ct)
    {
        var cs = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1", Port = port, Username = SuperUser, Database = "postgres", Timeout = 5, Pooling = false,
        }.ConnectionString;
        try
        {
            await using var connection = new NpgsqlConnection(cs);
            await connection.OpenAsync(ct);
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
        {
            return false;
        }
    }

    private static string FindBinDirectory()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "pg_ctl")) && File.Exists(Path.Combine(dir, "initdb")))
            {
                // Resolve symlinks (Debian links /usr/local/bin/pg_ctl into /usr/lib/postgresql/N/bin).
                var target = new FileInfo(Path.Combine(dir, "pg_ctl")).ResolveLinkTarget(returnFinalTarget: true);
                var resolved = target?.FullName is { } t ? Path.GetDirectoryName(t)! : dir;
                return File.Exists(Path.Combine(resolved, "initdb")) ? resolved : dir;
            }
        }

        const string debianRoot = "/usr/lib/postgresql";
        if (Directory.Exists(debianRoot))
        {
            var best = Directory.GetDirectories(debianRoot)
                .Select(d => (Dir: Path.Combine(d, "bin"), Version: decimal.TryParse(Path.GetFileName(d), CultureInfo.InvariantCulture, out var v) ? v : -1m))
                .Where(x => File.Exists(Path.Combine(x.Dir, "pg_ctl")) && File.Exists(Path.Combine(x.Dir, "initdb")))
                .OrderByDescending(x => x.Version)
                .FirstOrDefault();
            if (best.Dir is not null)
            {
                return best.Dir;
            }
        }

        throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin. "
            + "Install them with 'sudo apt-get install postgresql' (Debian/Ubuntu) or 'brew install postgresql' (macOS), "
            + "or point Krr at an existing server by setting the environment variable ConnectionStrings__Krr "
            + "(e.g. ConnectionStrings__Krr=\"Host=localhost;Username=krr;Password=...;Database=krr\").");
    }

    private static bool IsRoot()
    {
        try
        {
            return OperatingSystem.IsLinux() && File.ReadAllLines("/proc/self/status")
                .Any(l => l.StartsWith("Uid:", StringComparison.Ordinal) && l.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == "0");
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string PickNonRootUser()
    {
        var users = File.Exists("/etc/passwd")
            ? File.ReadLines("/etc/passwd").Select(l => l.Split(':')[0]).ToHashSet(StringComparer.Ordinal)
            : [];
        return users.Contains("postgres") ? "postgres" : "nobody";
    }

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }

    private static async Task ChownAsync(string? user, string[] paths, ILogger logger, CancellationToken ct)
    {
        if (user is null)
        {
            return;
        }

        LogChown(logger, user);
        await RunProcessAsync("chown", ["-R", $"{user}:", .. paths], workingDirectory: "/", ct);
    }

    private static Task RunAsync(string binDirectory, string tool, string? runAsUser, string workingDirectory, CancellationToken ct, params string[] args)
    {
        var exe = Path.Combine(binDirectory, tool);
        return runAsUser is null
            ? RunProcessAsync(exe, args, workingDirectory, ct)
            : RunProcessAsync("runuser", ["-u", runAsUser, "--", exe, .. args], workingDirectory, ct);
    }

    private static async Task RunProcessAsync(string fileName, string[] args, string workingDirectory, CancellationToken ct)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            var output = (await stdout + "\n" + await stderr).Trim();
            throw new InvalidOperationException(
                $"'{Path.GetFileName(fileName)} {string.Join(' ', args)}' failed with exit code {process.ExitCode}: {output}");
        }
    }

    private static async Task<FileStream> AcquireFileLockAsync(string path, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100, ct);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Reusing the PostgreSQL server already running on {PgData} (port {Port})")]
    private static partial void LogReusing(ILogger logger, string pgData, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Initializing a new PostgreSQL data directory {PgData} with binaries from {BinDirectory}")]
    private static partial void LogInitdb(ILogger logger, string pgData, string binDirectory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Starting PostgreSQL on {PgData}, 127.0.0.1:{Port}")]
    private static partial void LogStarting(ILogger logger, string pgData, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "PostgreSQL is up on 127.0.0.1:{Port}")]
    private static partial void LogStarted(ILogger logger, int port);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created database {Database}")]
    private static partial void LogCreatedDatabase(ILogger logger, string database);

    [LoggerMessage(Level = LogLevel.Information, Message = "Running as root: PostgreSQL runs as system user {User}; data directory ownership changed")]
    private static partial void LogChown(ILogger logger, string user);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping PostgreSQL on {PgData}")]
    private static partial void LogStopping(ILogger logger, string pgData);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stopping PostgreSQL on {PgData} failed")]
    private static partial void LogStopFailed(ILogger logger, Exception exception, string pgData);
}
