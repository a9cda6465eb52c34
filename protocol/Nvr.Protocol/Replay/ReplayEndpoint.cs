using Nvr.Pipeline.RtspServer;

namespace Nvr.Protocol.Replay;

/// <summary>
/// The appliance's RTSP server as the replay service sees it: where it listens and its session timeout (the
/// ReplayConfiguration's SessionTimeout, applied to new sessions).
/// </summary>
public sealed class ReplayEndpoint
{
    /// <summary>The SessionTimeoutRange advertised and accepted, in seconds.</summary>
    public const double MinSessionTimeoutSeconds = 5;

    public const double MaxSessionTimeoutSeconds = 3600;

    public ReplayEndpoint(RtspServer server) => Server = server;

    public RtspServer Server { get; }

    public int Port => Server.Port;
}
