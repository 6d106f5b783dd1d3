using Krr.Benchmarks;
using Krr.Benchmarks.Reverification;

// One command per scenario; each prints a markdown table for docs/benchmarks.md.
// These are macro benchmarks against a real PostgreSQL and silo, timed once per run: BenchmarkDotNet's repeated
// micro-iterations do not fit scheduling a million rows.
return args.FirstOrDefault() switch
{
    "reverification" => await ReverificationBenchmark.RunAsync(BenchmarkArguments.Parse(args[1..])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project Krr.Benchmarks -- reverification [--persons N] [--day-persons N]");
    Console.Error.WriteLine("PostgreSQL: ConnectionStrings__Krr (a server; a krr_bench_* database is created and dropped), else a private one under $TMP/krr-bench-pg.");
    return 2;
}
