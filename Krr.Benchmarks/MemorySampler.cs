using System.Globalization;

namespace Krr.Benchmarks;

/// <summary>
/// The peak resident memory of named processes while a benchmark runs, sampled from Linux' <c>/proc</c> (null where a
/// process cannot be read, e.g. a database server on another machine). A .NET process counts its resident set
/// (<c>VmRSS</c>); a PostgreSQL server counts the proportional set size (<c>Pss</c>) of the postmaster and all its
/// backends together, so their shared buffers are counted once, not once per backend.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private readonly IReadOnlyList<(string Name, Func<long?> Bytes)> _sources;
    private readonly Dictionary<string, long?> _peaks;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private MemorySampler(IReadOnlyList<(string Name, Func<long?> Bytes)> sources, TimeSpan period)
    {
        _sources = sources;
        _peaks = sources.ToDictionary(s => s.Name, _ => (long?)null);
        _loop = LoopAsync(period);
    }

    /// <summary>Starts sampling every <paramref name="period"/>; the first sample is taken at once.</summary>
    public static MemorySampler Start(IReadOnlyList<(string Name, Func<long?> Bytes)> sources, TimeSpan period) => new(sources, period);

    /// <summary>A process's resident set in bytes (<c>VmRSS</c>).</summary>
    public static long? ResidentBytes(int pid) => StatusNumber(pid, "VmRSS:") * 1024;

    /// <summary>The proportional set size of <paramref name="postmaster"/> and its children, in bytes.</summary>
    public static long? PostgresBytes(int postmaster)
    {
        var own = ProportionalBytes(postmaster);
        if (own is null)
        {
            return null;
        }
        long total = own.Value;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid) && ParentOf(pid) == postmaster)
            {
                total += ProportionalBytes(pid) ?? 0;
            }
        }
        return total;
    }

    /// <summary>Whether process <paramref name="pid"/> on this machine is a PostgreSQL server process.</summary>
    public static bool IsPostgres(int pid) => ReadLines($"/proc/{pid}/comm") is [var name, ..] && name.StartsWith("postgres", StringComparison.Ordinal);

    /// <summary>The parent of process <paramref name="pid"/>, or null.</summary>
    public static int? ParentOf(int pid)
    {
        var parent = StatusNumber(pid, "PPid:");
        return parent is { } p ? (int)p : null;
    }

    /// <summary>Stops sampling and gives each process's peak in bytes.</summary>
    public async Task<IReadOnlyDictionary<string, long?>> StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Sample();
        return _peaks;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }

    private Task LoopAsync(TimeSpan period) => PeriodicLoop.RunAsync(period, () =>
    {
        Sample();
        return Task.CompletedTask;
    }, _stop.Token);

    private void Sample()
    {
        foreach (var (name, bytes) in _sources)
        {
            if (bytes() is { } now && (_peaks[name] is not { } peak || now > peak))
            {
                _peaks[name] = now;
            }
        }
    }

    private static long? StatusNumber(int pid, string field) =>
        ReadLines($"/proc/{pid}/status")?.FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal)) is { } line
            ? long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)
            : null;

    private static long? ProportionalBytes(int pid) =>
        ReadLines($"/proc/{pid}/smaps_rollup")?.FirstOrDefault(l => l.StartsWith("Pss:", StringComparison.Ordinal)) is { } line
            ? long.Parse(line["Pss:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024
            : null;

    private static string[]? ReadLines(string path)
    {
        try
        {
            return File.ReadAllLines(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The process has exited, or is not ours to read.
            return null;
        }
    }
}
