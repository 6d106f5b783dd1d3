using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Krr.Tests.Infrastructure;

/// <summary>
/// A loopback TCP relay in front of the run's PostgreSQL that a test can take down: <see cref="Cut"/> resets every
/// open connection and refuses new ones (what a client sees when the server dies), <see cref="Restore"/> accepts again
/// on the same port. The test server itself keeps running, so tests on other databases of it are not disturbed.
/// </summary>
public sealed class PostgresOutage : IAsyncDisposable
{
    private readonly IPEndPoint _server;
    private readonly List<TcpClient> _open = [];
    private readonly CancellationTokenSource _stopped = new();
    private TcpListener? _listener;
    private Task _accepting = Task.CompletedTask;

    private PostgresOutage(IPEndPoint server, int port)
    {
        _server = server;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Relays to the server of <paramref name="connectionString"/>; returns the same connection string through the relay.</summary>
    public static (PostgresOutage Outage, string ConnectionString) Start(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var server = new IPEndPoint(Dns.GetHostAddresses(builder.Host!).First(a => a.AddressFamily == AddressFamily.InterNetwork), builder.Port);
        var outage = new PostgresOutage(server, FreePort.Next());
        outage.Restore();
        builder.Host = "127.0.0.1";
        builder.Port = outage.Port;
        return (outage, builder.ConnectionString);
    }

    public bool IsDown => _listener is null;

    public void Cut()
    {
        _listener?.Stop();
        _listener = null;
        lock (_open)
        {
            foreach (var client in _open)
            {
                // RST, as a dead server's host sends; a client not yet connected has no socket to reset.
                if (client.Client is { } socket)
                {
                    socket.LingerState = new LingerOption(true, 0);
                }
                client.Dispose();
            }
            _open.Clear();
        }
    }

    public void Restore()
    {
        var listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start();
        _listener = listener;
        _accepting = Task.Run(() => AcceptAsync(listener));
    }

    private async Task AcceptAsync(TcpListener listener)
    {
        while (!_stopped.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stopped.Token);
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
            {
                return; // cut or disposed
            }
            _ = Task.Run(() => RelayAsync(client));
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using var upstream = new TcpClient();
        lock (_open)
        {
            _open.Add(client);
            _open.Add(upstream);
        }
        try
        {
            await upstream.ConnectAsync(_server, _stopped.Token);
            var down = client.GetStream();
            var up = upstream.GetStream();
            await Task.WhenAny(down.CopyToAsync(up, _stopped.Token), up.CopyToAsync(down, _stopped.Token));
        }
        catch (Exception exception) when (exception is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // Cut, or one side closed.
        }
        finally
        {
            // Out of the list before it is disposed, so Cut never meets a disposed client (its socket is gone then).
            lock (_open)
            {
                _open.Remove(client);
                _open.Remove(upstream);
            }
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopped.CancelAsync();
        Cut();
        await _accepting;
        _stopped.Dispose();
    }
}
