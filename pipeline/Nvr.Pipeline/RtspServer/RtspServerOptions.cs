using System.Net;

namespace Nvr.Pipeline.RtspServer;

/// <summary>Limits and address of the RTSP server.</summary>
public sealed record RtspServerOptions
{
    /// <summary>Default listening port: 8554 (554 needs privileges; ONVIF clients take the port from the URI).</summary>
    public const int DefaultPort = 8554;

    public IPAddress Address { get; init; } = IPAddress.Any;

    /// <summary>TCP port; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Sessions open at once; a further SETUP is refused with 453.</summary>
    public int MaxSessions { get; init; } = 32;

    /// <summary>Connections open at once; further connections are closed at accept.</summary>
    public int MaxConnections { get; init; } = 64;

    /// <summary>
    /// A connection without a session that completes no request for this long is closed: a client trickling a request
    /// byte by byte (slow-loris) or connecting and sending nothing cannot hold one of <see cref="MaxConnections"/>.
    /// </summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A session without a request (or RTCP from the client) for this long is torn down.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Bytes queued per connection for the socket. Rate-controlled (real-time) sessions whose queue is full are dropped
    /// as slow clients; <c>Rate-Control: no</c> sessions wait for the client instead (its read speed is the rate).
    /// </summary>
    public int SendBufferBytes { get; init; } = 2 * 1024 * 1024;

    /// <summary>The kernel send buffer of each client socket (SO_SNDBUF); null leaves the system's (auto-tuned) size.</summary>
    public int? SocketSendBufferBytes { get; init; }

    /// <summary>Interval of RTCP sender reports per stream.</summary>
    public TimeSpan SenderReportInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Largest RTP packet (header and replay extension included).</summary>
    public int MaxPacketSize { get; init; } = 1400;

    public TimeProvider Time { get; init; } = TimeProvider.System;
}
