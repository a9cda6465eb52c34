using System.Globalization;
using Nvr.Pipeline.Rtsp;

namespace Nvr.Pipeline.RtspServer;

internal sealed partial class RtspServerConnection
{
    private const string PublicMethods = "OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER";
    private const string ReplayFeature = "onvif-replay";

    private async ValueTask<RtspReply?> HandleAsync(RtspRequest request, CancellationToken cancellationToken)
    {
        var unsupported = UnsupportedRequirements(request);
        if (unsupported.Count > 0)
        {
            return new RtspReply(551, "Option not supported").With("Unsupported", string.Join(", ", unsupported));
        }

        if (request.Method != "OPTIONS" && _server.Authenticator is { } authenticator)
        {
            var decision = await authenticator.AuthenticateAsync(request.Method, request.Uri, request.Header("Authorization"), Peer, cancellationToken).ConfigureAwait(false);
            if (!decision.Allowed)
            {
                _server.Statistics.AuthenticationFailed();
                var reply = new RtspReply(401, "Unauthorized");
                foreach (var challenge in decision.Challenges)
                {
                    reply.With("WWW-Authenticate", challenge);
                }

                return reply;
            }
        }

        return request.Method switch
        {
            "OPTIONS" => RtspReply.Ok().With("Public", PublicMethods),
            "DESCRIBE" => await DescribeAsync(request, cancellationToken).ConfigureAwait(false),
            "SETUP" => await SetupAsync(request, cancellationToken).ConfigureAwait(false),
            "PLAY" => await PlayAsync(request, cancellationToken).ConfigureAwait(false),
            "PAUSE" => await PauseAsync(request).ConfigureAwait(false),
            "TEARDOWN" => await TeardownAsync(request).ConfigureAwait(false),
            "GET_PARAMETER" or "SET_PARAMETER" => KeepAlive(request),
            _ => new RtspReply(501, "Not Implemented").With("Public", PublicMethods),
        };
    }

    private static List<string> UnsupportedRequirements(RtspRequest request)
    {
        var require = request.Header("Require");
        return require is null
            ? []
            : require.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Where(tag => !tag.Equals(ReplayFeature, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    private async ValueTask<RtspReply> DescribeAsync(RtspRequest request, CancellationToken cancellationToken)
    {
        var source = await _server.Catalog.FindAsync(request.Path.TrimEnd('/'), cancellationToken).ConfigureAwait(false);
        if (source is null)
        {
            return new RtspReply(404, "Not Found");
        }

        var baseUri = request.Uri.TrimEnd('/');
        var sdp = ServedSdp.Write(source, baseUri, _server.AdvertisedAddress, DateTime.UtcNow.Ticks);
        return RtspReply.Ok().With("Content-Base", baseUri + "/").WithBody("application/sdp", sdp);
    }

    private async ValueTask<RtspReply> SetupAsync(RtspRequest request, CancellationToken cancellationToken)
    {
        var path = request.Path.TrimEnd('/');
        var slash = path.LastIndexOf('/');
        if (slash < 0 || !path[(slash + 1)..].StartsWith("track", StringComparison.Ordinal) ||
            !int.TryParse(path.AsSpan(slash + 6), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return new RtspReply(404, "Not Found");
        }

        var presentation = path[..slash];
        var transport = request.Header("Transport") ?? string.Empty;
        var interleaved = transport.Contains("RTP/AVP/TCP", StringComparison.OrdinalIgnoreCase);
        var clientPorts = interleaved ? default : UdpClientPorts(transport);
        if (!interleaved && clientPorts.Rtp <= 0)
        {
            return new RtspReply(461, "Unsupported Transport"); // multicast, or UDP without client_port
        }

        var sessionId = SessionIdOf(request);
        RtspServerSession? session;
        lock (_sessions)
        {
            _sessions.TryGetValue(sessionId ?? string.Empty, out session);
        }

        if (sessionId is not null && session is null)
        {
            return new RtspReply(454, "Session Not Found");
        }

        if (session is not null && session.Path != presentation)
        {
            return new RtspReply(459, "Aggregate Operation Not Allowed");
        }

        if (session is null)
        {
            var source = await _server.Catalog.FindAsync(presentation, cancellationToken).ConfigureAwait(false);
            if (source is null)
            {
                return new RtspReply(404, "Not Found");
            }

            session = _server.TryOpenSession(presentation, source);
            if (session is null)
            {
                return new RtspReply(453, "Not Enough Bandwidth");
            }

            lock (_sessions)
            {
                _sessions[session.Id] = session;
            }
        }

        if (index >= session.Streams.Length)
        {
            return new RtspReply(404, "Not Found");
        }

        IRtpStreamWriter writer;
        string reply;
        if (interleaved)
        {
            var requested = RtspTransportHeader.Parse(transport);
            var channel = requested.RtpChannel >= 0 && requested.RtpChannel < 254 ? (byte)requested.RtpChannel : (byte)(2 * index);
            writer = new InterleavedRtpWriter(channel);
            reply = $"RTP/AVP/TCP;unicast;interleaved={channel}-{channel + 1}";
        }
        else
        {
            var (local, client) = (Peer.Local, Peer.Client);
            var opened = local is null || client is null
                ? null
                : UdpRtpWriter.Open(local, client, clientPorts.Rtp, clientPorts.Rtcp, _server.Options.MaxPacketSize, session.Touch);
            if (opened is null)
            {
                return new RtspReply(453, "Not Enough Bandwidth"); // no UDP port pair free
            }

            writer = opened;
            reply = $"RTP/AVP;unicast;client_port={clientPorts.Rtp}-{clientPorts.Rtcp};server_port={opened.ServerRtpPort}-{opened.ServerRtcpPort}";
        }

        var stream = new RtspServerSession.SessionStream(session.Source.Streams[index], index, writer, _server.Options.MaxPacketSize);
        session.Streams[index]?.Writer.Dispose(); // a stream set up again replaces its transport
        session.Streams[index] = stream;
        session.Touch();
        return RtspReply.Ok()
            .With("Transport", string.Create(CultureInfo.InvariantCulture, $"{reply};ssrc={stream.Ssrc:X8}"))
            .With("Session", SessionHeader(session));
    }

    /// <summary>The client_port pair of a UDP unicast Transport (RTCP = RTP + 1 when one port is given); (0, 0) otherwise.</summary>
    private static (int Rtp, int Rtcp) UdpClientPorts(string transport)
    {
        if (!transport.StartsWith("RTP/AVP", StringComparison.OrdinalIgnoreCase) || transport.Contains("multicast", StringComparison.OrdinalIgnoreCase))
        {
            return (0, 0);
        }

        foreach (var part in transport.Split(',')[0].Split(';', StringSplitOptions.TrimEntries))
        {
            if (!part.StartsWith("client_port=", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var ports = part[12..].Split('-');
            if (!int.TryParse(ports[0], NumberStyles.None, CultureInfo.InvariantCulture, out var rtp) || rtp is <= 0 or >= 65535)
            {
                return (0, 0);
            }

            var rtcp = rtp + 1;
            if (ports.Length > 1 && (!int.TryParse(ports[1], NumberStyles.None, CultureInfo.InvariantCulture, out rtcp) || rtcp is <= 0 or > 65535))
            {
                return (0, 0);
            }

            return (rtp, rtcp);
        }

        return (0, 0);
    }

    private RtspReply KeepAlive(RtspRequest request)
    {
        var session = Find(request);
        session?.Touch();
        var reply = RtspReply.Ok();
        return session is null ? reply : reply.With("Session", SessionHeader(session));
    }

    private async ValueTask<RtspReply> PauseAsync(RtspRequest request)
    {
        var session = Find(request);
        if (session is null)
        {
            return new RtspReply(454, "Session Not Found");
        }

        session.Touch();
        await StopPlayAsync(session).ConfigureAwait(false);
        return RtspReply.Ok().With("Session", SessionHeader(session));
    }

    private async ValueTask<RtspReply> TeardownAsync(RtspRequest request)
    {
        var session = Find(request);
        if (session is null)
        {
            return new RtspReply(454, "Session Not Found");
        }

        lock (_sessions)
        {
            _sessions.Remove(session.Id);
        }

        await StopPlayAsync(session).ConfigureAwait(false);
        session.CloseStreams();
        _server.Release(session);
        return RtspReply.Ok();
    }

    private RtspServerSession? Find(RtspRequest request)
    {
        var id = SessionIdOf(request);
        lock (_sessions)
        {
            return id is not null && _sessions.TryGetValue(id, out var session) ? session : null;
        }
    }

    private static string? SessionIdOf(RtspRequest request) => request.Header("Session")?.Split(';')[0].Trim();

    private string SessionHeader(RtspServerSession session) =>
        string.Create(CultureInfo.InvariantCulture, $"{session.Id};timeout={(int)_server.SessionTimeout.TotalSeconds}");
}
