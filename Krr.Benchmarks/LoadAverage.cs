namespace Krr.Benchmarks;

/// <summary>The machine's load average (1, 5 and 15 minutes), printed beside figures taken on shared machines.</summary>
public static class LoadAverage
{
    public static string Now() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ')[..3]) : "n/a";
}
