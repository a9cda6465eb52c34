using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Sdp;

/// <summary>A parsed SDP session: its media streams and the aggregate control URI.</summary>
public sealed record SessionDescription(IReadOnlyList<StreamDescription> Streams, Uri AggregateControlUri, string? SessionName);
