using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Krr.Benchmarks.Lookup;

/// <summary>
/// Sleeps the calling thread until a <see cref="Stopwatch"/> timestamp. <see cref="Thread.Sleep(int)"/> counts whole
/// milliseconds, too coarse for a paced request every few hundred microseconds; on Linux the timestamp is
/// CLOCK_MONOTONIC in nanoseconds, so the kernel can wake the thread at the deadline itself (within its timer slack,
/// about 50 µs).
/// </summary>
public static partial class MonotonicSleep
{
    private const int ClockMonotonic = 1;
    private const int AbsoluteTime = 1;
    private const int Interrupted = 4;
    private static readonly bool Exact = OperatingSystem.IsLinux() && Stopwatch.Frequency == 1_000_000_000;

    public static void Until(long timestamp)
    {
        if (Exact)
        {
            var deadline = new Timespec(timestamp / 1_000_000_000, timestamp % 1_000_000_000);
            // A signal wakes it early (EINTR); the deadline is absolute, so it sleeps again for what is left.
            while (clock_nanosleep(ClockMonotonic, AbsoluteTime, ref deadline, IntPtr.Zero) == Interrupted)
            {
            }
            return;
        }
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (left > TimeSpan.Zero)
        {
            Thread.Sleep(left);
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct Timespec(long Seconds, long Nanoseconds);

    [DllImport("libc", SetLastError = false)]
    private static extern int clock_nanosleep(int clockId, int flags, ref Timespec request, IntPtr remain);
}
