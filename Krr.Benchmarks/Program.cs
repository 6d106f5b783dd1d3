using Krr.Benchmarks;

// One command per scenario; each prints a markdown table for docs/benchmarks.md (lookup scenarios also write JSON).
// These are macro benchmarks against a real PostgreSQL and silo, timed once per run: BenchmarkDotNet's repeated
// micro-iterations do not fit scheduling a million rows.
return await BenchmarkCommands.RunAsync(args, Console.Out);
