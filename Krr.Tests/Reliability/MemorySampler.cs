using System.Diagnostics;

namespace Krr.Tests.Reliability;

/// <summary>
/// Samples this process's private memory every 100 ms; the growth over the start is what a test bounds, so such a test
/// runs in <see cref="MeasuredAlone"/>.
/// </summary>
public sealed class MemorySampler : IDisposable
{
    private readonly long _baseline;
    private readonly long _managedBaseline;
    private readonly Timer _timer;
    private long _peak;

    public MemorySampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        _managedBaseline = GC.GetTotalMemory(forceFullCollection: true);
        _baseline = Current();
        _peak = _baseline;
        _timer = new Timer(_ => Sample(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(100));
    }

    public long PeakGrowthBytes
    {
        get
        {
            Sample();
            return Interlocked.Read(ref _peak) - _baseline;
        }
    }

    /// <summary>
    /// The managed heap still in use after a full collection, over the start: what a run keeps (a leak), whereas the
    /// peak also holds what the collector had not yet given back.
    /// </summary>
    public long RetainedGrowthBytes => GC.GetTotalMemory(forceFullCollection: true) - _managedBaseline;

    public void Dispose() => _timer.Dispose();

    private void Sample()
    {
        var now = Current();
        long peak;
        while (now > (peak = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, now, peak) != peak)
        {
        }
    }

    private static long Current()
    {
        using var process = Process.GetCurrentProcess();
        return process.PrivateMemorySize64;
    }
}
