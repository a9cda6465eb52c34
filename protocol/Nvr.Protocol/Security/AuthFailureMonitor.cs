using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Nvr.Control.Device;
using Nvr.Control.Events;

namespace Nvr.Protocol.Security;

/// <summary>
/// The authentication failure warning of Core: per client address, a monitor period opens at its first failure;
/// the failure that takes the count above MaxAuthFailures within it publishes one
/// tns1:Device/SecurityPolicy/AuthFailed (then the count starts again), and a failure after the period opens a new
/// one. Every failure of SOAP and of the web console log-in is counted here. At most <see cref="MaxAddresses"/>
/// addresses are tracked (the oldest window is dropped). <see cref="Warnings"/> counts the events published.
/// </summary>
public sealed class AuthFailureMonitor
{
    public const int MaxAddresses = 4096;

    private readonly TimeProvider _time;
    private readonly Action<AuthFailedEvent> _publish;
    private readonly Dictionary<IPAddress, (DateTimeOffset Opened, int Count)> _windows = [];
    private readonly Lock _lock = new();
    private long _warnings;

    public AuthFailureMonitor(TimeProvider time, Action<AuthFailedEvent> publish)
    {
        _time = time;
        _publish = publish;
    }

    public long Warnings => Interlocked.Read(ref _warnings);

    /// <summary>Counts a failure from <paramref name="client"/> that arrived on <paramref name="local"/> under <paramref name="policy"/>.</summary>
    public void Failed(AuthFailureWarningPolicy policy, IPAddress client, IPAddress? local)
    {
        if (!policy.Enabled)
        {
            return;
        }

        var now = _time.GetUtcNow();
        lock (_lock)
        {
            (DateTimeOffset Opened, int Count) window = _windows.TryGetValue(client, out var open) && now - open.Opened <= policy.MonitorPeriod ? open : (now, 0);
            window.Count++;
            if (window.Count <= policy.MaxAuthFailures)
            {
                if (!_windows.ContainsKey(client) && _windows.Count >= MaxAddresses)
                {
                    _windows.Remove(_windows.MinBy(e => e.Value.Opened).Key);
                }

                _windows[client] = window;
                return;
            }

            _windows.Remove(client);
        }

        Interlocked.Increment(ref _warnings);
        var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        var v4 = address.AddressFamily == AddressFamily.InterNetwork ? address.ToString() : null;
        _publish(new AuthFailedEvent(now, InterfaceOf(local), v4, v4 is null ? address.ToString() : null));
    }

    /// <summary>The token (name, as GetNetworkInterfaces lists it) of the interface that holds <paramref name="local"/>.</summary>
    public static string InterfaceOf(IPAddress? local)
    {
        if (local is null)
        {
            return "unknown";
        }

        var address = local.IsIPv4MappedToIPv6 ? local.MapToIPv4() : local;
        foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
        {
            foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
            {
                if (unicast.Address.Equals(address))
                {
                    return nic.Name;
                }
            }
        }

        return IPAddress.IsLoopback(address) && NetworkInterface.GetAllNetworkInterfaces().FirstOrDefault(n => n.NetworkInterfaceType == NetworkInterfaceType.Loopback) is { } lo
            ? lo.Name
            : "unknown";
    }
}
