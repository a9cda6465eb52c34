namespace Nvr.Codecs.Fmp4;

/// <summary>
/// Writes ONVIF Annex B.6 "MP4" segments: one span with all tracks (video, audio, metadata) in one fragmented MP4
/// per segment: <c>ftyp</c> + <c>moov</c> (no samples, <c>mvex</c>) + <c>moof</c>/<c>mdat</c> fragments +
/// <c>mfra</c> (a <c>tfra</c> per track, an entry for every fragment carrying the track) ending with <c>mfro</c>.
/// Feed samples in arrival order (per track increasing DTS); call <see cref="Finish"/> to close the open segment.
/// Not thread-safe: use from one actor/loop.
/// </summary>
public sealed class Mp4SegmentWriter : IDisposable
{
    private readonly SegmentWriterCore _core;

    /// <summary>Creates a writer; track i of <paramref name="tracks"/> gets track_ID i + 1.</summary>
    public Mp4SegmentWriter(IReadOnlyList<TrackDescription> tracks, ISegmentOutput output, SegmentWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tracks);
        string contentType = SegmentWriterCore.BuildContentType("video/mp4", tracks, includeMetadata: false);
        _core = new SegmentWriterCore(tracks, output, options, cmaf: false, "isom", ["isom", "iso6", "mp41"], contentType, "mp4");
    }

    /// <summary>Content type of every segment, e.g. <c>video/mp4; codecs="avc1.64001F,mp4a.40.2"</c> (metadata codecs left out).</summary>
    public string ContentType => _core.ContentType;

    /// <summary>
    /// Samples dropped as bad input: DTS not increasing, a DTS jump a 32-bit sample duration cannot hold (a
    /// discontinuity: start a new writer/span), empty, before the first key frame, secondary queue full.
    /// </summary>
    public long DroppedSamples => _core.DroppedSamples;

    /// <summary>
    /// Ties track <paramref name="trackIndex"/>'s clock to UTC: the sample with DTS <paramref name="dts"/> was
    /// captured at <paramref name="utc"/>. Needed before the track's first sample; may be updated later
    /// (e.g. after an RTCP sender report).
    /// </summary>
    public void SetUtcAnchor(int trackIndex, long dts, DateTime utc) => _core.SetUtcAnchor(trackIndex, dts, utc);

    /// <summary>
    /// Adds a video sample: its NAL units without start codes (the writer writes the 4-byte lengths).
    /// <paramref name="dts"/> is the decode time in the track timescale (90 kHz), <paramref name="compositionOffset"/>
    /// = PTS − DTS (B-frames). The payload memory is referenced until written; <paramref name="release"/>, when
    /// given, is disposed once the sample is written or dropped.
    /// </summary>
    public void AddSample(int trackIndex, long dts, int compositionOffset, bool isSync, ReadOnlySpan<ReadOnlyMemory<byte>> nalUnits, IDisposable? release = null) =>
        _core.AddSample(trackIndex, dts, compositionOffset, isSync, nalUnits, release);

    /// <summary>Adds an audio frame (raw AAC access unit, G.711 bytes) or a metadata XML document as one sample.</summary>
    public void AddFrame(int trackIndex, long dts, ReadOnlyMemory<byte> frame, IDisposable? release = null) =>
        _core.AddSample(trackIndex, dts, 0, true, new ReadOnlySpan<ReadOnlyMemory<byte>>(in frame), release);

    /// <summary>Starts a new segment at the next key frame of the primary track (e.g. on a segment-duration override).</summary>
    public void RequestNewSegment() => _core.RequestNewSegment();

    /// <summary>
    /// Writes all pending samples and closes the open segment. The last sample of each track lasts until
    /// <paramref name="endUtc"/> when given, else as long as the sample before it.
    /// </summary>
    public void Finish(DateTime? endUtc = null) => _core.Finish(endUtc);

    /// <summary>Releases pooled buffers and any samples still pending (without writing them).</summary>
    public void Dispose() => _core.Dispose();
}
