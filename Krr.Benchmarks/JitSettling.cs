namespace Krr.Benchmarks;

/// <summary>
/// Unmeasured passes of a scenario's load until the JIT has nearly stopped compiling. Its tiering (tier 0, instrumented,
/// tier 1) runs for minutes after a start on this machine (thousands of methods a pass under load), and a round it runs
/// in measures code not yet optimised beside a compiler on the same two cores, which a register running for days never
/// sees.
/// </summary>
public static class JitSettling
{
    /// <summary>A pass in which the JIT compiled fewer methods than this counts as settled.</summary>
    public const int SettledMethods = 50;

    /// <summary>Runs <paramref name="pass"/> (given its number) at most <paramref name="maxPasses"/> times, until one compiles fewer than <see cref="SettledMethods"/>; returns the methods compiled in each.</summary>
    public static async Task<IReadOnlyList<long>> SettleAsync(int maxPasses, Func<int, Task> pass)
    {
        var compiled = new List<long>();
        for (var number = 0; number < maxPasses; number++)
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            await pass(number);
            compiled.Add(System.Runtime.JitInfo.GetCompiledMethodCount() - before);
            if (compiled[^1] < SettledMethods)
            {
                break;
            }
        }
        return compiled;
    }
}
