using System.Text.Json;
using Krr.Benchmarks;
using Krr.Tests.Infrastructure;

namespace Krr.Tests.Benchmarks;

/// <summary>
/// Runs <c>all --quick</c> at tiny scale so the benchmarks keep building and running. It asserts that every
/// scenario ran and printed its table and JSON, never a timing: the figures come from real runs (docs/benchmarks.md).
/// </summary>
public class QuickBenchmarkTests
{
    [Fact]
    public async Task All_quick_runs_every_scenario_and_prints_its_tables()
    {
        var server = (await TestPostgres.GetAsync()).AdminConnectionString;
        var results = Directory.CreateTempSubdirectory("krr-bench-test");
        var output = new StringWriter();

        var exitCode = await BenchmarkCommands.RunAsync(
            ["all", "--quick", "--persons", "150", "--rounds", "1", "--seconds", "0.2", "--max-requests", "20", "--connections", "2",
             "--residents", "300", "--floor", "--out", results.FullName, "--server", server],
            output);

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains("| side | batch | persons/s (median) |", text);
        foreach (var side in new[] { "lookup-hot", "lookup-cluster", "peer-sql", "limit" })
        {
            Assert.Contains($"| {side} | 100 |", text);
            Assert.Contains($"| {side} | 1 |", text);
        }
        Assert.Contains("byte-identical JSON", text);
        // Where the tail is: the collector and the server's own latency per side, and the HTTP floor beside the lookups.
        Assert.Contains("| side | batch | gen0 | gen1 | gen2 | allocated KB per request | pause ms |", text);
        Assert.Contains("| http-floor | 1 |", text);
        using (var all = JsonDocument.Parse(File.ReadAllText(Path.Combine(results.FullName, "all.json"))))
        {
            var hot = all.RootElement.GetProperty("medians").EnumerateArray().First(m => m.GetProperty("Side").GetString() == "lookup-hot");
            Assert.True(hot.GetProperty("Server").GetProperty("HandlerP50Ms").GetDouble() > 0);
            // The load came from a driver process of its own: its figures came back, and the collector beside them is
            // this process's, the register's, which timed no request (so it cannot place its pauses in the tail).
            Assert.Equal("child", hot.GetProperty("Driver").GetString());
            Assert.True(hot.GetProperty("Requests").GetInt32() > 0);
            Assert.Equal(JsonValueKind.Object, hot.GetProperty("DriverGc").ValueKind);
            Assert.Equal(JsonValueKind.Null, hot.GetProperty("Gc").GetProperty("P99WithoutPauseMs").ValueKind);
            Assert.True(hot.GetProperty("Gc").GetProperty("AllocatedKbPerRequest").GetDouble() > 0);
        }
        Assert.True(File.Exists(Path.Combine(results.FullName, "all.json")));

        Assert.Contains("| side | updates (all rounds) | updates/s (median) | p50 ms | p99 ms | p99.9 ms | register CPU ms per update (median) | allocated KB per update (median) | flag checks (lookup right after the write) | stale answers |", text);
        Assert.Contains("| coalesce on |", text);
        using (var writes = JsonDocument.Parse(File.ReadAllText(Path.Combine(results.FullName, "writes.json"))))
        {
            Assert.True(writes.RootElement.GetProperty("writes").GetProperty("Requests").GetInt32() > 0);
            Assert.True(writes.RootElement.GetProperty("flagChecks").GetInt32() > 0);
            Assert.Equal(0, writes.RootElement.GetProperty("staleAnswers").GetInt32());
        }

        Assert.Contains("| person grains | 150 |", text);
        Assert.Contains("| contact grains |", text);
        Assert.Contains("| prepared answers (v2, both blocks) | 150 |", text);
        Assert.True(File.Exists(Path.Combine(results.FullName, "memory.json")));

        Assert.Contains("| persons swept (every registered person once) |", text);
        Assert.Contains("| grain state reads (SELECTs on krr_grain_state) per person |", text);
        Assert.Contains("| peak memory: Krr.Silo |", text);
        Assert.Contains("cold answer and its answer after the sweep are byte-identical", text);
        using (var cold = JsonDocument.Parse(File.ReadAllText(Path.Combine(results.FullName, "lookup-cold.json"))))
        {
            var registered = cold.RootElement.GetProperty("registered").GetInt32();
            Assert.InRange(registered, 1, 300);
            Assert.Equal(registered, cold.RootElement.GetProperty("sweep").GetProperty("Persons").GetInt64());
            Assert.True(cold.RootElement.GetProperty("sameAnswer").GetBoolean());
        }
        results.Delete(recursive: true);
    }

    [Fact]
    public async Task Runtime_settings_runs_the_scenario_per_setting_in_fresh_processes()
    {
        var server = (await TestPostgres.GetAsync()).AdminConnectionString;
        var results = Directory.CreateTempSubdirectory("krr-bench-test");
        var output = new StringWriter();

        var exitCode = await BenchmarkCommands.RunAsync(
            ["runtime-settings", "--settings", "DOTNET_gcServer=0|DOTNET_gcServer=1", "--repeat", "1", "--scenario", "lookup-hot",
             "--persons", "150", "--seconds", "0.2", "--max-requests", "20", "--connections", "2", "--batches", "100",
             "--out", results.FullName, "--server", server],
            output);

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        // The setting reached the child process: it reports the collector it ran with.
        Assert.Contains("| lookup-hot | 100 | DOTNET_gcServer=0 | no |", text);
        Assert.Contains("| lookup-hot | 100 | DOTNET_gcServer=1 | yes |", text);
        Assert.True(File.Exists(Path.Combine(results.FullName, "runtime-settings.json")));
        results.Delete(recursive: true);
    }

    [Fact]
    public async Task The_cluster_shape_alone_at_an_offered_rate_sends_no_more_than_is_due_from_either_driver()
    {
        var server = (await TestPostgres.GetAsync()).AdminConnectionString;
        var results = Directory.CreateTempSubdirectory("krr-bench-test");
        var output = new StringWriter();

        // 1,000 persons a second in batches of 100 is 10 requests a second; single persons at 100 a second. A closed
        // loop would send up to --max-requests in the same second. Both drivers, alternated: this process and its own.
        var exitCode = await BenchmarkCommands.RunAsync(
            ["lookup-hot", "--shapes", "cluster", "--driver", "both", "--persons", "150", "--rounds", "1", "--seconds", "1", "--max-requests", "100000",
             "--connections", "2", "--batches", "100,1", "--rate", "100=1000,1=100", "--settle-passes", "1", "--sample-postgres", "--out", results.FullName, "--server", server],
            output);

        var text = output.ToString();
        Assert.Equal(0, exitCode);
        Assert.Contains("| side | batch | offered persons/s | answered persons/s | answered of offered | sent late | p99 send lateness ms |", text);
        Assert.Contains("| lookup-cluster | 100 | 1,000 |", text);
        Assert.Contains("| lookup-cluster (in-process driver) | 1 | 100 |", text);
        Assert.Contains("| side | batch | clean-up steps | share of time | tail requests during a clean-up |", text);
        // The cluster alone: no embedded register was started, so no side of it was measured.
        Assert.DoesNotContain("| lookup-hot", text);
        using (var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(results.FullName, "lookup-hot.json"))))
        {
            Assert.Equal(["cluster"], json.RootElement.GetProperty("shapes").EnumerateArray().Select(s => s.GetString()));
            var rounds = json.RootElement.GetProperty("measurements").EnumerateArray().ToList();
            Assert.All(rounds, m => Assert.Equal("lookup-cluster", m.GetProperty("Side").GetString()));
            foreach (var driver in new[] { "child", "in-process" })
            {
                var mine = rounds.Where(m => m.GetProperty("Driver").GetString() == driver).ToList();
                Assert.InRange(mine.Single(m => m.GetProperty("Batch").GetInt32() == 100).GetProperty("Requests").GetInt32(), 1, 10);
                Assert.InRange(mine.Single(m => m.GetProperty("Batch").GetInt32() == 1).GetProperty("Requests").GetInt32(), 1, 100);
                Assert.All(mine, m => Assert.True(m.GetProperty("SendLateP99Ms").GetDouble() >= 0));
            }
            // The access log's pending list was sampled beside each round, the child's request windows laid beside it.
            Assert.All(rounds, m =>
            {
                var pending = m.GetProperty("PendingList");
                Assert.InRange(pending.GetProperty("CleanUpSeconds").GetDouble(), 0, pending.GetProperty("Seconds").GetDouble());
                Assert.InRange(pending.GetProperty("Tail").GetInt32(), 1, m.GetProperty("Requests").GetInt32());
                Assert.InRange(pending.GetProperty("TailDuringCleanUp").GetInt32(), 0, pending.GetProperty("Tail").GetInt32());
                Assert.InRange(pending.GetProperty("Reference").GetInt32(), 1, m.GetProperty("Requests").GetInt32());
                Assert.Equal(JsonValueKind.Null, m.GetProperty("Windows").ValueKind);
            });
            // Only the in-process driver's requests are timed where its collector can place its pauses in the tail.
            Assert.All(rounds, m => Assert.Equal(m.GetProperty("Driver").GetString() == "in-process",
                m.GetProperty("Gc").GetProperty("P99WithoutPauseMs").ValueKind == JsonValueKind.Number));
        }
        results.Delete(recursive: true);
    }
}
