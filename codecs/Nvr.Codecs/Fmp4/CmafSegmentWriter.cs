using Nvr.Codecs.H264;
using Nvr.Codecs.H265;

namespace Nvr.Codecs.Fmp4;

/// <summary>
/// Writes ONVIF Annex B.7 "CMAF" segments (ISO/IEC 23000-19) for ONE track: a CMAF header (<c>ftyp</c> with
/// <c>cmfc</c> and, where the track fits one, the media profile brand; <c>moov</c>) and CMAF fragments, each
/// starting with a key frame, plus an optional <c>mfra</c>. Extension <c>m4v</c>/<c>m4a</c>/<c>m4m</c> and content
/// type <c>video/mp4</c>/<c>audio/mp4</c>/<c>application/mp4</c> follow the track kind. Not thread-safe.
/// </summary>
public sealed class CmafSegmentWriter : IDisposable
{
    private readonly SegmentWriterCore _core;

    /// <summary>Creates a writer for <paramref name="track"/> (track_ID 1).</summary>
    public CmafSegmentWriter(TrackDescription track, ISegmentOutput output, SegmentWriterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(track);
        (string mediaType, string extension) = track.Kind switch
        {
            TrackKind.Video => ("video/mp4", "m4v"),
            TrackKind.Audio => ("audio/mp4", "m4a"),
            _ => ("application/mp4", "m4m"),
        };
        var brands = new List<string> { "iso6", "cmfc" };
        string? profile = MediaProfileBrand(track);
        if (profile is not null) brands.Add(profile);
        MediaProfileBrandOrNull = profile;
        TrackDescription[] tracks = [track];
        _core = new SegmentWriterCore(tracks, output, options, cmaf: true, "cmfc", brands,
            SegmentWriterCore.BuildContentType(mediaType, tracks, includeMetadata: true), extension);
    }

    /// <summary>The CMAF media profile brand written into <c>ftyp</c> (<c>cfhd</c>, <c>chhd</c>, <c>caac</c>) or null.</summary>
    public string? MediaProfileBrandOrNull { get; }

    /// <summary>Content type of every segment with its codecs parameter.</summary>
    public string ContentType => _core.ContentType;

    /// <summary>Samples dropped as bad input.</summary>
    public long DroppedSamples => _core.DroppedSamples;

    /// <summary>Ties the track clock to UTC (see <see cref="Mp4SegmentWriter.SetUtcAnchor"/>).</summary>
    public void SetUtcAnchor(long dts, DateTime utc) => _core.SetUtcAnchor(0, dts, utc);

    /// <summary>Adds a video sample (NAL units without start codes); see <see cref="Mp4SegmentWriter.AddSample"/>.</summary>
    public void AddSample(long dts, int compositionOffset, bool isSync, ReadOnlySpan<ReadOnlyMemory<byte>> nalUnits, IDisposable? release = null) =>
        _core.AddSample(0, dts, compositionOffset, isSync, nalUnits, release);

    /// <summary>Adds an audio frame or metadata document as one sample.</summary>
    public void AddFrame(long dts, ReadOnlyMemory<byte> frame, IDisposable? release = null) =>
        _core.AddSample(0, dts, 0, true, new ReadOnlySpan<ReadOnlyMemory<byte>>(in frame), release);

    /// <summary>Starts a new segment at the next key frame.</summary>
    public void RequestNewSegment() => _core.RequestNewSegment();

    /// <summary>Writes pending samples and closes the open segment (see <see cref="Mp4SegmentWriter.Finish"/>).</summary>
    public void Finish(DateTime? endUtc = null) => _core.Finish(endUtc);

    /// <summary>Releases pooled buffers.</summary>
    public void Dispose() => _core.Dispose();

    private static string? MediaProfileBrand(TrackDescription t) => t.Codec switch
    {
        // CMAF Annex A/B media profiles, applied conservatively: HD limits of 1920x1080.
        MediaCodec.H264 when H264Profiles.IsCmafHdProfile(t.ProfileIdc) && t.LevelIdc <= 40 && t.Width <= 1920 && t.Height <= 1080 => "cfhd",
        MediaCodec.H265 when H265Profiles.IsCmafHdProfile(t.ProfileIdc) && t.LevelIdc <= 123 && t.Width <= 1920 && t.Height <= 1080 => "chhd",
        MediaCodec.Aac when t.ProfileIdc == 2 && t.Channels <= 2 => "caac",
        _ => null,
    };
}
