using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Nvr.Control;
using Nvr.Control.Device;
using Nvr.Protocol.Device;
using Nvr.Protocol.Hosting;

namespace Nvr.Protocol.Discovery;

/// <summary>
/// Starts the appliance's WS-Discovery responder: its description is read per message from the device settings
/// (discovery mode, scopes) and the listening addresses (XAddrs of the device service; an address bound to all
/// interfaces is listed once per up IPv4 interface). MetadataVersion grows whenever scopes or XAddrs change.
/// </summary>
public static class DiscoveryHosting
{
    public static Task<DiscoveryResponder> StartAsync(
        ControlPlane control, DeviceIdentity identity, Func<IReadOnlyList<string>> baseUrls, IPAddress bind, int port, ILogger log, IPEndPoint? announceTo = null)
    {
        var gate = new Lock();
        var version = (Key: string.Empty, Number: 0L);
        return DiscoveryResponder.StartAsync(bind, port, async cancellationToken =>
        {
            var settings = (DeviceSettings)await control.AskDeviceAsync(GetDeviceSettings.Instance, cancellationToken).ConfigureAwait(false);
            var scopes = DeviceService.FixedScopes.Concat(settings.ConfigurableScopes ?? DeviceService.DefaultScopes).ToList();
            var xaddrs = baseUrls().SelectMany(Expand).Distinct(StringComparer.Ordinal).Select(b => b + OnvifServicePaths.Device).ToList();
            long number;
            lock (gate)
            {
                var key = string.Join(' ', scopes) + "|" + string.Join(' ', xaddrs);
                if (key != version.Key)
                {
                    version = (key, version.Number + 1);
                }

                number = version.Number;
            }

            return (settings.DiscoveryMode == "Discoverable", new DeviceDescription(identity.EndpointReference, scopes, xaddrs, number));
        }, log, announceTo);
    }

    private static IEnumerable<string> Expand(string baseUrl)
    {
        var uri = new Uri(baseUrl.Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal));
        if (uri.Host is not ("0.0.0.0" or "[::]" or "::"))
        {
            return [uri.GetLeftPart(UriPartial.Authority)];
        }

        return NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Where(a => a.Address.AddressFamily == AddressFamily.InterNetwork)
            .Select(a => $"{uri.Scheme}://{a.Address}:{uri.Port}");
    }
}
