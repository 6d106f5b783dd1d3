namespace Krr.Api.Hosting;

/// <summary>
/// Builds <typeparamref name="T"/> when the host starts, so that bad configuration behind it (an unreadable key,
/// an incomplete issuer) stops the start instead of failing the first request.
/// </summary>
internal sealed class ResolveAtStartup<T>(T service) : IHostedService
    where T : notnull
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(service);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
