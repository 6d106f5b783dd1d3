namespace Krr.Benchmarks;

/// <summary>A sampler's loop: a sample at once, then one each period until <c>stop</c> is cancelled.</summary>
public static class PeriodicLoop
{
    public static async Task RunAsync(TimeSpan period, Func<Task> sample, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(period);
        do
        {
            await sample();
        }
        while (await NextAsync(timer, stop));
    }

    private static async Task<bool> NextAsync(PeriodicTimer timer, CancellationToken stop)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stop);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
