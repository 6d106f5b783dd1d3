using System.Diagnostics;
using Krr.Benchmarks.Lookup;

namespace Krr.Tests.Benchmarks;

/// <summary>The paced driver's wait never wakes before its deadline (a request sent early would be timed from its send, shorter).</summary>
public sealed class MonotonicSleepTests
{
    [Fact]
    public void Wakes_no_earlier_than_the_deadline()
    {
        for (var i = 0; i < 50; i++)
        {
            var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 1000 * (i % 3) + Stopwatch.Frequency / 10_000 * (i % 7);
            MonotonicSleep.Until(deadline);
            Assert.True(Stopwatch.GetTimestamp() >= deadline, $"woke {Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline).TotalMicroseconds:F0} µs early");
        }
    }
}
