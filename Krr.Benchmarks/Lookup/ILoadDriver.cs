namespace Krr.Benchmarks.Lookup;

/// <summary>One timed load against one side (<see cref="LoadDriver.RunAsync"/>), from this process or from one of its own.</summary>
public interface ILoadDriver
{
    /// <summary>See <see cref="LoadDriver.RunAsync"/>.</summary>
    Task<Measurement> RunAsync(string side, Uri baseAddress, int batch, int connections, int maxRequests, TimeSpan duration, double? requestsPerSecond = null);
}
