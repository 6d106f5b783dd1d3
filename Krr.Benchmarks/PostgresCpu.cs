using System.Globalization;
using Npgsql;

namespace Krr.Benchmarks;

/// <summary>
/// CPU time a local PostgreSQL server has used so far, from <c>/proc</c>: the postmaster's own, its live backends',
/// and that of backends which have exited (the kernel adds a reaped child's time to its parent's). The difference of
/// two readings is what the server spent in between, whoever else shares the machine, so it compares sides on a noisy
/// machine better than their rates do.
/// </summary>
public sealed class PostgresCpu
{
    /// <summary><c>/proc</c> counts in clock ticks, which are 1/100 s on Linux.</summary>
    private const double TicksPerSecond = 100;

    private readonly int _postmaster;

    private PostgresCpu(int postmaster) => _postmaster = postmaster;

    /// <summary>The server behind <paramref name="dataSource"/>, or null when its processes cannot be read here (not local, not Linux, not superuser).</summary>
    public static async Task<PostgresCpu?> FindAsync(NpgsqlDataSource dataSource)
    {
        string directory;
        try
        {
            await using var command = dataSource.CreateCommand("SHOW data_directory");
            directory = (string)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException)
        {
            return null;
        }
        var pidFile = Path.Combine(directory, "postmaster.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadLines(pidFile).First(), CultureInfo.InvariantCulture, out var pid) || Stat(pid) is null)
        {
            return null;
        }
        return new PostgresCpu(pid);
    }

    public TimeSpan Used()
    {
        var (_, own, children) = Stat(_postmaster) ?? throw new InvalidOperationException($"PostgreSQL's postmaster (pid {_postmaster}) has gone");
        var ticks = own + children;
        foreach (var process in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(process), CultureInfo.InvariantCulture, out var pid) && Stat(pid) is { Parent: var parent, Own: var backend } && parent == _postmaster)
            {
                ticks += backend;
            }
        }
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>A process's parent, its own user and system ticks, and those of its reaped children; null once it has gone.</summary>
    private static (int Parent, long Own, long Children)? Stat(int pid)
    {
        string line;
        try
        {
            line = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
        // The command name may hold spaces and parentheses: the fields start after the last ')'. From there:
        // 0 state, 1 ppid, 11 utime, 12 stime, 13 cutime, 14 cstime.
        var fields = line[(line.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int i) => long.Parse(fields[i], CultureInfo.InvariantCulture);
        return ((int)Field(1), Field(11) + Field(12), Field(13) + Field(14));
    }
}
