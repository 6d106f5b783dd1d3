using Krr.Benchmarks.Lookup;
using Krr.Benchmarks.Memory;
using Krr.Benchmarks.Reverification;
using Krr.Benchmarks.RuntimeSettings;
using Krr.Benchmarks.Writes;

namespace Krr.Benchmarks;

/// <summary>The command line: a scenario name, then <c>--name value</c> options and flags such as <c>--quick</c>.</summary>
public static class BenchmarkCommands
{
    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var scenario = args.FirstOrDefault();
        return scenario switch
        {
            "reverification" => await ReverificationBenchmark.RunAsync(BenchmarkArguments.Parse(args[1..])),
            "lookup-hot" or "peer-sql" or "limit" => await LookupBenchmark.RunAsync(scenario, BenchmarkArguments.Parse(args[1..]), output),
            "writes" => await WritesBenchmark.RunAsync(BenchmarkArguments.Parse(args[1..]), output),
            "memory" => await MemoryBenchmark.RunAsync(BenchmarkArguments.Parse(args[1..]), output),
            "lookup-cold" => await LookupColdBenchmark.RunAsync(BenchmarkArguments.Parse(args[1..]), output),
            "runtime-settings" => await RuntimeSettingsBenchmark.RunAsync(BenchmarkArguments.Parse(args[1..]), output),
            ChildLoadDriver.Scenario => await ChildLoadDriver.ServeAsync(Console.In, output),
            "all" => await AllAsync(BenchmarkArguments.Parse(args[1..]), output),
            _ => Usage(),
        };
    }

    /// <summary>Every scenario but reverification, one after the other; the first failing one's exit code.</summary>
    private static async Task<int> AllAsync(BenchmarkArguments arguments, TextWriter output)
    {
        var lookup = await LookupBenchmark.RunAsync("all", arguments, output);
        output.WriteLine();
        var writes = await WritesBenchmark.RunAsync(arguments, output);
        output.WriteLine();
        var memory = await MemoryBenchmark.RunAsync(arguments, output);
        output.WriteLine();
        var cold = await LookupColdBenchmark.RunAsync(arguments, output);
        return new[] { lookup, writes, memory, cold }.FirstOrDefault(code => code != 0);
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: dotnet run -c Release --project Krr.Benchmarks -- <scenario> [options]");
        Console.Error.WriteLine("  reverification [--persons N] [--day-persons N]");
        Console.Error.WriteLine("  lookup-hot | peer-sql | limit [--shapes embedded|cluster|embedded,cluster] [--cluster (both shapes)] [--driver child|in-process|both] [--driver-nice N] [--sample-postgres] [--floor] [--quick] [--persons N] [--rounds N] [--seconds S] [--connections N] [--max-requests N] [--batches 1000,100,1] [--rate 1000=100000,1=2000] [--settle-passes N] [--out DIR] [--server CONNECTION]");
        Console.Error.WriteLine("  writes [--quick] [--persons N] [--writers N] [--seconds S] [--coalesce on|off|both] [--write-rounds N] [--max-requests N] [--out DIR] [--server CONNECTION]");
        Console.Error.WriteLine("  memory [--quick] [--memory-persons N] [--out DIR] [--server CONNECTION]");
        Console.Error.WriteLine("  lookup-cold [--quick] [--residents N] [--database NAME] [--limit N] [--silo-memory MB] [--batch N] [--connections N] [--out DIR] [--server CONNECTION]");
        Console.Error.WriteLine("  runtime-settings [--settings \"default|NAME=value,NAME=value|…\"] [--repeat N] [--scenario lookup-hot] [the scenario's options]: fresh processes per setting, alternated");
        Console.Error.WriteLine("  all: lookup-hot (embedded and cluster shape), peer-sql and limit alternated, then writes, memory and lookup-cold (the options of each)");
        Console.Error.WriteLine("PostgreSQL: ConnectionStrings__Krr (a server; a krr_bench_* database is created and dropped), else a private one under $TMP/krr-bench-pg.");
        return 2;
    }
}
