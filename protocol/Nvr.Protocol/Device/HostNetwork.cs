using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Xml.Linq;

namespace Nvr.Protocol.Device;

/// <summary>
/// The host's network configuration as the device service reports it (read-only: the appliance does not manage
/// the OS network). Interfaces from the OS; DNS from /etc/resolv.conf; NTP servers from systemd-timesyncd or
/// chrony/ntp configuration; the default gateway from /proc/net/route. Whether an address came from DHCP is not
/// known to a process, so addresses are reported as manual with DHCP off.
/// </summary>
public static class HostNetwork
{
    private static readonly XNamespace Tds = DeviceService.Tds;
    private static readonly XNamespace Tt = DeviceService.Tt;

    public static XElement Interfaces() => new(
        Tds + "GetNetworkInterfacesResponse",
        NetworkInterface.GetAllNetworkInterfaces().Select(nic => new XElement(
            Tds + "NetworkInterfaces",
            new XAttribute("token", nic.Name),
            new XElement(Tt + "Enabled", nic.OperationalStatus == OperationalStatus.Up),
            new XElement(Tt + "Info", new XElement(Tt + "Name", nic.Name), new XElement(Tt + "HwAddress", HardwareAddress(nic)), Mtu(nic)),
            new XElement(
                Tt + "IPv4",
                new XElement(Tt + "Enabled", nic.Supports(NetworkInterfaceComponent.IPv4)),
                new XElement(
                    Tt + "Config",
                    nic.GetIPProperties().UnicastAddresses.Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork).Select(a => new XElement(
                        Tt + "Manual", new XElement(Tt + "Address", a.Address.ToString()), new XElement(Tt + "PrefixLength", a.PrefixLength))),
                    new XElement(Tt + "DHCP", false))))));

    public static XElement Dns()
    {
        var lines = ReadLines("/etc/resolv.conf");
        return new XElement(
            Tds + "GetDNSResponse",
            new XElement(
                Tds + "DNSInformation",
                new XElement(Tt + "FromDHCP", false),
                lines.Where(l => l.StartsWith("search ", StringComparison.Ordinal)).SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)).Select(d => new XElement(Tt + "SearchDomain", d)),
                lines.Where(l => l.StartsWith("nameserver ", StringComparison.Ordinal)).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[^1])
                    .Where(a => IPAddress.TryParse(a, out _)).Select(a => Address(Tt + "DNSManual", IPAddress.Parse(a)))));
    }

    public static XElement Ntp()
    {
        var servers = ReadLines("/etc/systemd/timesyncd.conf").Where(l => l.StartsWith("NTP=", StringComparison.Ordinal)).SelectMany(l => l[4..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Concat(new[] { "/etc/chrony/chrony.conf", "/etc/ntp.conf", "/etc/ntpsec/ntp.conf" }.SelectMany(ReadLines)
                .Where(l => l.StartsWith("server ", StringComparison.Ordinal) || l.StartsWith("pool ", StringComparison.Ordinal))
                .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]))
            .Distinct(StringComparer.Ordinal);
        return new XElement(
            Tds + "GetNTPResponse",
            new XElement(Tds + "NTPInformation", new XElement(Tt + "FromDHCP", false), servers.Select(s => Host(Tt + "NTPManual", s))));
    }

    public static XElement DefaultGateway()
    {
        var gateways = ReadLines("/proc/net/route").Skip(1).Select(l => l.Split('\t', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 2 && f[1] == "00000000" && f[2] != "00000000")
            .Select(f => new IPAddress(BitConverter.GetBytes(uint.Parse(f[2], NumberStyles.HexNumber, CultureInfo.InvariantCulture))).ToString())
            .Distinct(StringComparer.Ordinal);
        return new XElement(Tds + "GetNetworkDefaultGatewayResponse", new XElement(Tds + "NetworkGateway", gateways.Select(g => new XElement(Tt + "IPv4Address", g))));
    }

    /// <summary>The HTTP(S) ports the appliance listens on.</summary>
    public static XElement Protocols(IEnumerable<string> listeningUrls)
    {
        var byScheme = listeningUrls.Select(u => new Uri(u)).GroupBy(u => u.Scheme.ToUpperInvariant());
        return new XElement(
            Tds + "GetNetworkProtocolsResponse",
            byScheme.Select(g => new XElement(
                Tds + "NetworkProtocols",
                new XElement(Tt + "Name", g.Key),
                new XElement(Tt + "Enabled", true),
                g.Select(u => u.Port).Distinct().Select(p => new XElement(Tt + "Port", p)))));
    }

    private static XElement Address(XName name, IPAddress address) => address.AddressFamily == AddressFamily.InterNetwork
        ? new XElement(name, new XElement(Tt + "Type", "IPv4"), new XElement(Tt + "IPv4Address", address.ToString()))
        : new XElement(name, new XElement(Tt + "Type", "IPv6"), new XElement(Tt + "IPv6Address", address.ToString()));

    private static XElement Host(XName name, string host) => IPAddress.TryParse(host, out var address)
        ? Address(name, address)
        : new XElement(name, new XElement(Tt + "Type", "DNS"), new XElement(Tt + "DNSname", host));

    private static string HardwareAddress(NetworkInterface nic)
    {
        var bytes = nic.GetPhysicalAddress().GetAddressBytes();
        return bytes.Length == 0 ? "00:00:00:00:00:00" : string.Join(':', bytes.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    private static XElement? Mtu(NetworkInterface nic)
    {
        try
        {
            return new XElement(Tt + "MTU", nic.GetIPProperties().GetIPv4Properties().Mtu);
        }
        catch (NetworkInformationException)
        {
            return null;
        }
    }

    private static IEnumerable<string> ReadLines(string path) =>
        File.Exists(path) ? File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')) : [];
}
