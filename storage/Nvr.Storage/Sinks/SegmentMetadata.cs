namespace Nvr.Storage.Sinks;

/// <summary>
/// What a sink needs to know about a segment (or span end) object besides its bytes.
/// </summary>
/// <param name="Key">The Annex B object key (see <see cref="Keys.ObjectKeyBuilder"/>).</param>
/// <param name="ContentType">
/// Full content type, e.g. <c>video/mp4; codecs="avc1.64001f,mp4a.40.2"</c>
/// (see <see cref="MediaContentType.WithCodecs"/>); the codecs string is the caller's.
/// </param>
/// <param name="Attributes">B.9 attributes stored with the object.</param>
public sealed record SegmentMetadata(string Key, string ContentType, SegmentAttributes Attributes);
