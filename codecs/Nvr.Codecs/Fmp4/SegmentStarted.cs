namespace Nvr.Codecs.Fmp4;

/// <summary>Facts about a segment known when its first bytes are written.</summary>
/// <param name="FirstSampleUtc">UTC of the earliest first sample of any track in the segment.</param>
/// <param name="ContentType">Content type with RFC 6381 codecs parameter, e.g. <c>video/mp4; codecs="avc1.64001F,mp4a.40.2"</c>.</param>
/// <param name="Extension">Annex B extension: <c>mp4</c>, or <c>m4v</c>/<c>m4a</c>/<c>m4m</c> for CMAF.</param>
/// <param name="SequenceNumber">0 for the first segment of this writer, then 1, 2, ...</param>
public sealed record SegmentStarted(DateTime FirstSampleUtc, string ContentType, string Extension, long SequenceNumber);
