namespace Krr.Grains.Reverification;

/// <summary>
/// Wakes due-day buckets for this silo's persons with shared calls. Every contact change made on one day adds entries to
/// the same two buckets (its warning and expiry days), so under load nearly every change sent the same two
/// <see cref="IDueDayGrain.WakeAsync"/> messages. A caller is only safe with a call that starts after it asked, that is
/// after its entries were stored (the bucket's last tick must see either them or the wake, <c>DueDayGrain</c>); so a
/// caller that finds a call to its day in flight waits for the next one, which every caller arriving meanwhile shares.
/// Per day at most one call is in flight and one waiting, whatever the number of writers.
/// </summary>
public sealed class DueDayWakes(IGrainFactory grains)
{
    private readonly Lock _lock = new();
    /// <summary>Days with a call in flight, each with the next call's waiters (null while there are none).</summary>
    private readonly Dictionary<DateOnly, TaskCompletionSource?> _inFlight = [];

    /// <summary>Completes when a wake of <paramref name="day"/> that started after this call has completed.</summary>
    public Task WakeAsync(DateOnly day)
    {
        var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            if (_inFlight.TryGetValue(day, out var next))
            {
                // The call in flight may have started before this caller's entries were stored.
                if (next is null)
                {
                    _inFlight[day] = next = wake;
                }
                return next.Task;
            }
            _inFlight[day] = null;
        }
        // Off the caller's scheduler (a grain's): the loop goes on to serve the callers that queue behind this one.
        _ = Task.Run(() => CallAsync(day, wake));
        return wake.Task;
    }

    private async Task CallAsync(DateOnly day, TaskCompletionSource wake)
    {
        while (true)
        {
            try
            {
                await grains.GetDueDay(day).WakeAsync();
                wake.TrySetResult();
            }
            catch (Exception exception)
            {
                wake.TrySetException(exception);
            }
            lock (_lock)
            {
                if (_inFlight[day] is not { } next)
                {
                    _inFlight.Remove(day);
                    return;
                }
                _inFlight[day] = null;
                wake = next;
            }
        }
    }
}
