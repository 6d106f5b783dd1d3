using Krr.Benchmarks.Lookup;
using Krr.Benchmarks.Reverification;

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
            "lookup-hot" or "peer-sql" or "limit" or "all" => await LookupBenchmark.RunAsync(scenario, BenchmarkArguments.Parse(args[1..]), output),
            _ => Usage(),
        };
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: dotnet run -c Release --project Krr.Benchmarks -- <scenario> [options]");
        Console.Error.WriteLine("  reverification [--persons N] [--day-persons N]");
        Console.Error.WriteLine("  lookup-hot | peer-sql | limit | all [--quick] [--persons N] [--rounds N] [--seconds S] [--connections N] [--max-requests N] [--out DIR] [--server CONNECTION]");
        Console.Error.WriteLine("PostgreSQL: ConnectionStrings__Krr (a server; a krr_bench_* database is created and dropped), else a private one under $TMP/krr-bench-pg.");
        return 2;
    }
}
