using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Krr.Api.Hosting;

/// <summary>
/// Kestrel runs a request where its bytes arrived: the thread-pool thread that completed the socket read parses it and
/// runs the handler, and the answer's send starts on the thread that wrote it, instead of each being queued to Kestrel's
/// I/O queues for another thread to pick up. A single-person lookup is a fraction of a millisecond of work, and on
/// two cores each extra hand-off is a thread woken (or spinning) and a chance to wait for a core; measured in
/// docs/benchmarks.md ("Fewer hops per lookup (wt-g)"). The runtime's socket completions are left on the thread pool
/// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS</c> unset), so a handler never runs on the socket engine's
/// event-loop thread, and a 1000-person answer that takes milliseconds holds one pool thread as before.
/// </summary>
public static class SocketScheduling
{
    public static WebApplicationBuilder AddKrrSocketScheduling(this WebApplicationBuilder builder)
    {
        builder.WebHost.UseSockets(sockets => sockets.UnsafePreferInlineScheduling = true);
        return builder;
    }
}
