namespace Krr.Hosting.Storage;

/// <summary>A request of <see cref="RequestCoalescer{TRequest, TResult}"/>: its caller waits on <see cref="Completion"/>.</summary>
internal interface ICoalescedRequest<TResult>
{
    /// <summary>Created with <see cref="TaskCreationOptions.RunContinuationsAsynchronously"/>, so no caller runs on the batch's loop.</summary>
    TaskCompletionSource<TResult> Completion { get; }
}

/// <summary>
/// Concurrent requests of many callers answered in batches, without a timer: a request that finds one of the
/// <c>slots</c> free is sent at once (a lone caller waits for nothing), requests arriving while every slot is busy queue,
/// and each slot that frees takes what is queued into its next batch. So batches grow with the load by themselves.
/// <c>takeBatch</c> removes the next batch's requests from the queue it is given (under the coalescer's lock);
/// <c>run</c> answers a batch, result i for request i. A failed batch fails every request in it, and only those.
/// </summary>
internal sealed class RequestCoalescer<TRequest, TResult>(
    int slots, Func<List<TRequest>, List<TRequest>> takeBatch, Func<List<TRequest>, Task<TResult[]>> run)
    where TRequest : ICoalescedRequest<TResult>
{
    private readonly Lock _lock = new();
    private readonly List<TRequest> _queued = [];
    private int _running;

    public Task<TResult> SubmitAsync(TRequest request)
    {
        bool start;
        lock (_lock)
        {
            _queued.Add(request);
            start = _running < slots;
            if (start)
            {
                _running++;
            }
        }
        if (start)
        {
            // Off the caller's scheduler (a grain's): the loop goes on to serve other callers' requests after this one.
            _ = Task.Run(LoopAsync);
        }
        return request.Completion.Task;
    }

    private async Task LoopAsync()
    {
        while (Take() is { } batch)
        {
            try
            {
                var results = await run(batch).ConfigureAwait(false);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Completion.TrySetResult(results[i]);
                }
            }
            catch (Exception exception)
            {
                foreach (var request in batch)
                {
                    request.Completion.TrySetException(exception);
                }
            }
        }
    }

    /// <summary>The next batch; null when nothing is queued, which ends this loop and frees its slot.</summary>
    private List<TRequest>? Take()
    {
        lock (_lock)
        {
            if (_queued.Count == 0)
            {
                _running--;
                return null;
            }
            return takeBatch(_queued);
        }
    }
}
