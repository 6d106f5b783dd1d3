using System.Net;
using System.Net.Sockets;

namespace Krr.Benchmarks;

public static class BenchmarkPorts
{
    /// <summary>A free loopback port: other checkouts may run silos on this machine.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
