namespace Krr.Benchmarks;

/// <summary>Waits for a started cluster's API process to answer <c>/health/ready</c>, failing fast when a process it needs exits.</summary>
public static class ClusterReadiness
{
    /// <param name="exited">A process of the cluster that has exited and should not have, or null.</param>
    /// <param name="outputs">What the processes wrote, for the error.</param>
    public static async Task WaitAsync(HttpClient http, TimeSpan timeout, Func<ChildProcess?> exited, Func<string> outputs)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (exited() is { } process)
            {
                throw new InvalidOperationException($"A cluster process exited with {process.ExitCode}:\n{process.Output}");
            }
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The cluster did not become ready in {timeout.TotalSeconds:0} s:\n{outputs()}");
    }
}
