using Nvr.Pipeline.Rtsp;

namespace Nvr.Recording.Engine;

/// <summary>Where a receiver pulls its media from: an RTSP URI and the RTP transport.</summary>
public sealed record ReceiverEndpoint(Uri MediaUri, RtspTransport Transport);
