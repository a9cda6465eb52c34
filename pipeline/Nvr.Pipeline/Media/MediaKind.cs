namespace Nvr.Pipeline.Media;

/// <summary>What a stream carries (SDP <c>m=</c> line media).</summary>
public enum MediaKind
{
    Video,
    Audio,
    Metadata,
}
