using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Microsoft.Extensions.Logging;

namespace Nvr.Protocol.Discovery;

/// <summary>
/// The WS-Discovery target service of the appliance (Core "Device discovery"): listens on UDP (default 3702, joined
/// to 239.255.255.250 when bound to all interfaces), answers a matching Probe with a unicast ProbeMatches and a Resolve
/// of its endpoint reference with a ResolveMatches, sends Hello when started and whenever its metadata (scopes,
/// XAddrs) changes or it becomes discoverable, and Bye when stopped or set NonDiscoverable. In NonDiscoverable mode it
/// neither answers nor announces. Datagrams are handled one at a time; malformed ones are dropped and counted (never
/// answered with a fault: packet storms). Answers to the multicast group's requests wait a random time below
/// <see cref="AppMaxDelay"/>; a unicast Probe with a matching rule it does not implement gets Core's
/// MatchingRuleNotSupported fault (a multicast one is ignored).
/// </summary>
public sealed class DiscoveryResponder : IAsyncDisposable
{
    public static readonly IPAddress MulticastGroup = IPAddress.Parse("239.255.255.250");

    private readonly UdpClient _socket;
    private readonly Func<CancellationToken, Task<(bool Discoverable, DeviceDescription Device)>> _describe;
    private readonly ILogger _log;
    private readonly IPEndPoint? _announceTo;
    private readonly SemaphoreSlim _announcing = new(1, 1);
    private DeviceDescription? _announced;
    private readonly long _instance = DateTimeOffset.UtcNow.ToUnixTimeSeconds() & 0xFFFFFFFF;
    private readonly CancellationTokenSource _stop = new();
    private readonly Queue<string> _recentIds = new();
    private Task _loop = Task.CompletedTask;
    private readonly TimeProvider _time;
    private long _messageNumber;
    private long _dropped;
    private int _delayedReplies;

    /// <summary>WS-Discovery's APP_MAX_DELAY: the upper bound of the random wait before answering a multicast request.</summary>
    public static readonly TimeSpan AppMaxDelay = TimeSpan.FromMilliseconds(500);

    /// <summary>Answers to multicast requests that may wait for their random delay at once; more are dropped and counted.</summary>
    public const int MaxDelayedReplies = 64;

    private DiscoveryResponder(UdpClient socket, IPEndPoint? announceTo, Func<CancellationToken, Task<(bool, DeviceDescription)>> describe, ILogger log, TimeProvider time)
    {
        _time = time;
        _socket = socket;
        _announceTo = announceTo;
        _describe = describe;
        _log = log;
    }

    /// <summary>The UDP port it listens on.</summary>
    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    /// <summary>Datagrams dropped as malformed or neither a Probe nor a Resolve, and multicast answers dropped in a probe storm.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>
    /// Binds <paramref name="bind"/>:<paramref name="port"/> (0: any free port), joins the multicast group when bound to
    /// all interfaces, sends Hello when discoverable and starts answering. Hello and Bye go to
    /// <paramref name="announceTo"/>, else to the multicast group when it was joined, else nowhere.
    /// </summary>
    public static async Task<DiscoveryResponder> StartAsync(
        IPAddress bind, int port, Func<CancellationToken, Task<(bool Discoverable, DeviceDescription Device)>> describe, ILogger log,
        IPEndPoint? announceTo = null, TimeProvider? time = null)
    {
        var socket = new UdpClient(AddressFamily.InterNetwork);
        socket.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        socket.Client.Bind(new IPEndPoint(bind, port));
        socket.Client.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.PacketInformation, true); // tells multicast from unicast
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

        var boundPort = ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
        var responder = new DiscoveryResponder(socket, announceTo ?? (multicast ? new IPEndPoint(MulticastGroup, boundPort) : null), describe, log, time ?? TimeProvider.System);
        await responder.AnnounceChangeAsync(CancellationToken.None).ConfigureAwait(false);
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
                await ByeAsync(timeout.Token).ConfigureAwait(false);
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
        _announcing.Dispose();
    }

    /// <summary>
    /// Announces what changed since the last announcement: Hello when discoverable with new metadata (a higher
    /// MetadataVersion) or newly discoverable; Bye when it was announced and is NonDiscoverable now.
    /// </summary>
    public async Task AnnounceChangeAsync(CancellationToken cancellationToken)
    {
        await _announcing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (discoverable, device) = await _describe(cancellationToken).ConfigureAwait(false);
            if (discoverable && _announced?.MetadataVersion != device.MetadataVersion)
            {
                await AnnounceAsync(DiscoveryMessages.Hello(_instance, Interlocked.Increment(ref _messageNumber), device), "Hello", cancellationToken).ConfigureAwait(false);
                _announced = device;
            }
            else if (!discoverable && _announced is { } last)
            {
                await AnnounceAsync(DiscoveryMessages.Bye(_instance, Interlocked.Increment(ref _messageNumber), last), "Bye", cancellationToken).ConfigureAwait(false);
                _announced = null;
            }
        }
        finally
        {
            _announcing.Release();
        }
    }

    private async Task ByeAsync(CancellationToken cancellationToken)
    {
        await _announcing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_announced is { } last)
            {
                await AnnounceAsync(DiscoveryMessages.Bye(_instance, Interlocked.Increment(ref _messageNumber), last), "Bye", cancellationToken).ConfigureAwait(false);
                _announced = null;
            }
        }
        finally
        {
            _announcing.Release();
        }
    }

    private async Task AnnounceAsync(XElement message, string name, CancellationToken cancellationToken)
    {
        if (_announceTo is null)
        {
            return;
        }

        try
        {
            await SendAsync(message, _announceTo, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            _log.LogWarning("WS-Discovery: {Message} not sent ({Error})", name, e.SocketErrorCode);
        }
    }

    /// <summary>
    /// How long to wait before answering a Probe or Resolve that came to the multicast group: a random time below
    /// APP_MAX_DELAY (WS-Discovery, 500 ms), so that many devices do not answer one client at the same instant.
    /// Unicast requests are answered at once.
    /// </summary>
    public static TimeSpan ReplyDelay(bool multicast, Random random) =>
        multicast ? TimeSpan.FromMilliseconds(random.Next(0, (int)AppMaxDelay.TotalMilliseconds)) : TimeSpan.Zero;

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[DiscoveryMessages.MaxMessageBytes + 1];
        EndPoint anySender = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveMessageFromResult received;
            try
            {
                received = await _socket.Client.ReceiveMessageFromAsync(buffer, SocketFlags.None, anySender, cancellationToken).ConfigureAwait(false);
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

            var sender = (IPEndPoint)received.RemoteEndPoint;
            var multicast = MulticastGroup.Equals(received.PacketInformation.Address);
            try
            {
                await HandleAsync(buffer.AsMemory(0, received.ReceivedBytes), sender, multicast, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is SocketException or XmlException or ArgumentException or TimeoutException or Akka.Actor.AskTimeoutException)
            {
                _log.LogWarning("WS-Discovery: a probe from {Sender} was not answered ({Error})", sender, e.Message);
            }
        }
    }

    private async Task HandleAsync(ReadOnlyMemory<byte> datagram, IPEndPoint sender, bool multicast, CancellationToken cancellationToken)
    {
        var request = datagram.Length <= DiscoveryMessages.MaxMessageBytes ? DiscoveryMessages.Parse(datagram.Span) : null;
        if (request is null)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }

        // SOAP-over-UDP repeats every message: answer a MessageID once.
        if (_recentIds.Contains(request.MessageId))
        {
            return;
        }

        _recentIds.Enqueue(request.MessageId);
        if (_recentIds.Count > 64)
        {
            _recentIds.Dequeue();
        }

        var (discoverable, device) = await _describe(cancellationToken).ConfigureAwait(false);
        if (!discoverable)
        {
            return;
        }

        XElement? reply = null;
        if (request is DiscoveryMessages.Probe { MatchBy: var rule } probe && !DiscoveryMessages.IsSupportedMatchingRule(rule))
        {
            // Core: a multicast error is silently dropped (packet storms); a unicast one may get the fault.
            reply = multicast ? null : DiscoveryMessages.MatchingRuleNotSupported(probe.MessageId, _instance, Interlocked.Increment(ref _messageNumber), rule);
        }
        else if (request switch
        {
            DiscoveryMessages.Probe p => DiscoveryMessages.Matches(p, device.Scopes),
            DiscoveryMessages.Resolve resolve => resolve.Address == device.EndpointReference,
            _ => false,
        })
        {
            var number = Interlocked.Increment(ref _messageNumber);
            reply = request is DiscoveryMessages.Resolve
                ? DiscoveryMessages.ResolveMatches(request.MessageId, _instance, number, device)
                : DiscoveryMessages.ProbeMatches(request.MessageId, _instance, number, device);
        }

        if (reply is null)
        {
            return;
        }

        var delay = ReplyDelay(multicast, Random.Shared);
        if (delay == TimeSpan.Zero)
        {
            await SendAsync(reply, sender, cancellationToken).ConfigureAwait(false);
        }
        else if (Interlocked.Increment(ref _delayedReplies) > MaxDelayedReplies)
        {
            Interlocked.Decrement(ref _delayedReplies);
            Interlocked.Increment(ref _dropped); // a probe storm: no more than MaxDelayedReplies answers wait at once
        }
        else
        {
            _ = SendLaterAsync(reply, sender, delay, cancellationToken);
        }
    }

    private async Task SendLaterAsync(XElement reply, IPEndPoint to, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            await SendAsync(reply, to, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
        {
        }
        catch (SocketException e)
        {
            _log.LogWarning("WS-Discovery: a reply to {Sender} was not sent ({Error})", to, e.SocketErrorCode);
        }
        finally
        {
            Interlocked.Decrement(ref _delayedReplies);
        }
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
