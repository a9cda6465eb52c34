using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.RtspServer;

/// <summary>Resolves the path of a request URI ("/replay/REC1") to what the server streams; null: 404.</summary>
public interface IRtspMediaCatalog
{
    /// <summary>
    /// The source at <paramref name="path"/>, null when there is none. Asynchronous because finding may read storage (a
    /// recording's first segment describes its tracks) or wait for a camera (a live receiver connecting on demand
    /// describes its streams before DESCRIBE can be answered).
    /// </summary>
    ValueTask<IRtspMediaSource?> FindAsync(string path, CancellationToken cancellationToken);
}

/// <summary>One stream the server offers in DESCRIBE (one m= section).</summary>
/// <param name="Codec">The codec (chooses the packetizer and rtpmap).</param>
/// <param name="ClockRate">RTP clock rate.</param>
/// <param name="CodecConfiguration">avcC / hvcC record (sprop parameter sets), or the AAC AudioSpecificConfig.</param>
/// <param name="Channels">Audio channel count.</param>
/// <param name="TrackReference">The recording's track token (a=x-onvif-track), null for a live stream.</param>
public sealed record ServedStream(MediaCodec Codec, int ClockRate, ReadOnlyMemory<byte> CodecConfiguration, int Channels, string? TrackReference);

/// <summary>A recording (or live source) the server streams.</summary>
public interface IRtspMediaSource
{
    IReadOnlyList<ServedStream> Streams { get; }

    /// <summary>
    /// A live source: frames come as the camera sends them (no pacing by the server, no replay header extension,
    /// the RTP timestamps follow the source's own), and a viewer that cannot keep up loses frames in the source
    /// (whole GOPs) instead of being dropped by the server.
    /// </summary>
    bool IsLive => false;

    /// <summary>The recorded interval (the SDP's a=range:clock), null when unknown or live.</summary>
    (DateTime Start, DateTime End)? RecordedRange { get; }

    /// <summary>Opens a cursor at the clean point at or before <paramref name="startUtc"/> (the first one after it inside a gap; the start of the recording when null).</summary>
    IReplayCursor Open(DateTime? startUtc, CancellationToken cancellationToken);
}

/// <summary>The frames of a replay in transmission order; <see cref="Current"/> is valid until the next read.</summary>
public interface IReplayCursor : IAsyncDisposable
{
    ValueTask<bool> ReadAsync(CancellationToken cancellationToken);

    ServedFrame Current { get; }
}

/// <summary>
/// One access unit to send: its stream, its sampling time, flags and payload (NAL units for video — ranges into
/// <see cref="Payload"/> —, one frame otherwise).
/// </summary>
/// <param name="Stream">Index into <see cref="IRtspMediaSource.Streams"/>.</param>
/// <param name="Utc">Absolute UTC time of the sample (the header extension's NTP timestamp).</param>
/// <param name="PresentationOffsetTicks">Composition offset in the stream's clock (B-frames), 0 when none.</param>
/// <param name="IsCleanPoint">A key frame (C bit).</param>
/// <param name="EndOfSection">The last access unit of this track before a gap or the end of the recording (E bit).</param>
/// <param name="Payload">The sample bytes.</param>
/// <param name="Units">The NAL units (or the one frame) within <see cref="Payload"/>.</param>
/// <param name="SourceRtpTimestamp">The source's own RTP timestamp (presentation time, unwrapped) of a live frame: the
/// served one keeps its spacing exactly; -1 when the RTP time follows <paramref name="Utc"/>.</param>
/// <param name="IsTerminal">The last access unit of this track that the playback has (T bit): no more data follows.</param>
public readonly record struct ServedFrame(
    int Stream,
    DateTime Utc,
    int PresentationOffsetTicks,
    bool IsCleanPoint,
    bool EndOfSection,
    ReadOnlyMemory<byte> Payload,
    ReadOnlyMemory<NalRange> Units,
    long SourceRtpTimestamp = -1,
    bool IsTerminal = false);
