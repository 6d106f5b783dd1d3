using System.Net;
using System.Net.Sockets;

namespace Krr.Hosting.Orleans;

/// <summary>
/// Orleans settings bound from the <c>Orleans</c> configuration section
/// (keys <see cref="KrrConfigurationKeys.OrleansClusterId"/> and siblings).
/// </summary>
public sealed class KrrOrleansOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "Orleans";

    /// <summary>Orleans cluster id (membership rows).</summary>
    public string ClusterId { get; set; } = "krr";

    /// <summary>Orleans service id (grain state and reminders); must stay stable.</summary>
    public string ServiceId { get; set; } = "krr";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// Address other silos and clients use to reach this silo; <c>null</c> or empty means loopback.
    /// An IP address, or a host name resolved once at start (see <see cref="ResolveAdvertisedIPAddress"/>).
    /// </summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>
    /// The address to advertise: loopback when <see cref="AdvertisedIPAddress"/> is unset, the parsed address when it
    /// is an IP address, otherwise the first IPv4 (else first) address the host name resolves to.
    /// </summary>
    public IPAddress ResolveAdvertisedIPAddress()
    {
        if (string.IsNullOrWhiteSpace(AdvertisedIPAddress))
        {
            return IPAddress.Loopback;
        }

        var value = AdvertisedIPAddress.Trim();
        if (IPAddress.TryParse(value, out var address))
        {
            return address;
        }

        var addresses = Dns.GetHostAddresses(value);
        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"'{KrrConfigurationKeys.OrleansAdvertisedIPAddress}' host name '{value}' resolved to no address.");
    }
}
