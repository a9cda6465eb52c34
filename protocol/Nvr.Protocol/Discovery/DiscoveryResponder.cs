using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace Nvr.Protocol.Discovery;

/// <summary>
/// The WS-Discovery target service of the appliance (Core "Device discovery"): listens on UDP (default 3702, joined
/// to 239.255.255.250 when bound to all interfaces), answers a matching Probe with a unicast ProbeMatches, sends
/// Hello when started and Bye when stopped. In NonDiscoverable mode it neither answers nor announces. Datagrams are
/// handled one at a time; malformed ones are dropped and counted (never answered with a fault: packet storms).
/// </summary>
public sealed class DiscoveryResponder : IAsyncDisposable
{
    public static readonly IPAddress MulticastGroup = IPAddress.Parse("239.255.255.250");

    private readonly UdpClient _socket;
    private readonly Func<CancellationToken, Task<(bool Discoverable, DeviceDescription Device)>> _describe;
    private readonly ILogger _log;
    private readonly int _port;
    private readonly bool _multicast;
    private readonly long _instance = DateTimeOffset.UtcNow.ToUnixTimeSeconds() & 0xFFFFFFFF;
    private readonly CancellationTokenSource _stop = new();
    private readonly Queue<string> _recentIds = new();
    private Task _loop = Task.CompletedTask;
    private long _messageNumber;
    private long _dropped;

    private DiscoveryResponder(UdpClient socket, int port, bool multicast, Func<CancellationToken, Task<(bool, DeviceDescription)>> describe, ILogger log)
    {
        _socket = socket;
        _port = port;
        _multicast = multicast;
        _describe = describe;
        _log = log;
    }

    /// <summary>The UDP port it listens on.</summary>
    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    /// <summary>Datagrams dropped as malformed or not a Probe.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Binds <paramref name="bind"/>:<paramref name="port"/> (0: any free port), joins the multicast group when bound to
    /// all interfaces, sends Hello when discoverable and starts answering.
    /// </summary>
    public static async Task<DiscoveryResponder> StartAsync(
        IPAddress bind, int port, Func<CancellationToken, Task<(bool Discoverable, DeviceDescription Device)>> describe, ILogger log)
    {
        var socket = new UdpClient(AddressFamily.InterNetwork);
        socket.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Client.Bind(new IPEndPoint(bind, port));
        var multicast = bind.Equals(IPAddress.Any);
        if (multicast)
        {
            try
            {
                socket.JoinMulticastGroup(MulticastGroup);
            }
            catch (SocketException e)
            {
                log.LogWarning("WS-Discovery: cannot join {Group} ({Error}); unicast probes only", MulticastGroup, e.SocketErrorCode);
                multicast = false;
            }
        }

        var responder = new DiscoveryResponder(socket, port, multicast, describe, log);
        await responder.AnnounceAsync(hello: true, CancellationToken.None).ConfigureAwait(false);
        responder._loop = Task.Run(() => responder.ReceiveLoopAsync(responder._stop.Token));
        return responder;
    }

    /// <summary>Sends Bye (when discoverable) and stops answering.</summary>
    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await AnnounceAsync(hello: false, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                _log.LogWarning("WS-Discovery: Bye not sent in time");
            }
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _socket.Dispose();
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AnnounceAsync(bool hello, CancellationToken cancellationToken)
    {
        var (discoverable, device) = await _describe(cancellationToken).ConfigureAwait(false);
        if (!discoverable || !_multicast)
        {
            return;
        }

        var number = Interlocked.Increment(ref _messageNumber);
        var message = hello ? DiscoveryMessages.Hello(_instance, number, device) : DiscoveryMessages.Bye(_instance, number, device);
        try
        {
            await SendAsync(message, new IPEndPoint(MulticastGroup, _port), cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            _log.LogWarning("WS-Discovery: {Message} not sent ({Error})", hello ? "Hello" : "Bye", e.SocketErrorCode);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            UdpReceiveResult datagram;
            try
            {
                datagram = await _socket.ReceiveAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // e.g. ICMP port unreachable of an earlier reply (Linux reports it on the next receive)
                _log.LogDebug("WS-Discovery: receive failed ({Error})", e.SocketErrorCode);
                continue;
            }

            try
            {
                await HandleAsync(datagram, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or XmlException or TimeoutException or Akka.Actor.AskTimeoutException)
            {
                _log.LogWarning("WS-Discovery: a probe from {Sender} was not answered ({Error})", datagram.RemoteEndPoint, e.Message);
            }
        }
    }

    private async Task HandleAsync(UdpReceiveResult datagram, CancellationToken cancellationToken)
    {
        var probe = datagram.Buffer.Length <= DiscoveryMessages.MaxMessageBytes ? DiscoveryMessages.ParseProbe(datagram.Buffer) : null;
        if (probe is null)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        // SOAP-over-UDP repeats every message: answer a MessageID once.
        if (_recentIds.Contains(probe.MessageId))
        {
            return;
        }

        _recentIds.Enqueue(probe.MessageId);
        if (_recentIds.Count > 64)
        {
            _recentIds.Dequeue();
        }

        var (discoverable, device) = await _describe(cancellationToken).ConfigureAwait(false);
        if (!discoverable || !DiscoveryMessages.Matches(probe, device.Scopes))
        {
            return;
        }

        var reply = DiscoveryMessages.ProbeMatches(probe.MessageId, _instance, Interlocked.Increment(ref _messageNumber), device);
        await SendAsync(reply, datagram.RemoteEndPoint, cancellationToken).ConfigureAwait(false);
    }

    private async Task SendAsync(XElement message, IPEndPoint to, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        using (var writer = XmlWriter.Create(text, new XmlWriterSettings { OmitXmlDeclaration = true }))
        {
            message.WriteTo(writer);
        }

        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        await _socket.SendAsync(bytes, to, cancellationToken).ConfigureAwait(false);
    }
}
