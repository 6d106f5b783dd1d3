using System.Net;
using System.Net.Sockets;

namespace Krr.Tests.Infrastructure;

public static class FreePort
{
    /// <summary>A loopback TCP port free at the moment of asking (the OS hands out a fresh ephemeral one each time).</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
