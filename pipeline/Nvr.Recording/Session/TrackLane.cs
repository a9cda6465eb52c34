using Nvr.Pipeline.Media;
using Nvr.Recording.Writing;

namespace Nvr.Recording.Session;

/// <summary>Session state of one recording track: what it holds, its clock and where its samples go.</summary>
internal sealed class TrackLane
{
    private int _jumpTimescale = -1;
    private long _jumpTicks;

    public TrackLane(RecordingTrack track, int index, int reorderLookahead)
    {
        Track = track;
        Index = index;
        Reorderer = track.Kind == MediaKind.Video ? new DecodeTimeReorderer(reorderLookahead) : null;
    }

    public RecordingTrack Track { get; }

    /// <summary>Position of the lane in the session's track list.</summary>
    public int Index { get; }

    public string Token => Track.Token;

    /// <summary>Video: rebuilds DTS from PTS.</summary>
    public DecodeTimeReorderer? Reorderer { get; }

    /// <summary>The source's view of this track's UTC (RTCP sender reports, else arrival).</summary>
    public TrackClock Clock { get; } = new();

    /// <summary>The codec this track holds in this session (first one routed to it); null before.</summary>
    public MediaCodec? Codec { get; set; }

    /// <summary>The stream currently feeding the track (latest parameter sets are read from it).</summary>
    public StreamDescription? Stream { get; set; }

    /// <summary>Parameter sets the open span was described with.</summary>
    public ParameterSets? SpanParameterSets { get; set; }

    public TrackRecordingState State { get; set; } = TrackRecordingState.Idle;

    /// <summary>True once the track was declared incompatible: its data is ignored.</summary>
    public bool Incompatible { get; set; }

    /// <summary>Writer and track index of the open span (null when the track is not in an open span).</summary>
    public SpanWriter? Writer { get; set; }

    public int WriterTrack { get; set; }

    /// <summary>Media timescale of the written track.</summary>
    public int Timescale { get; set; }

    public bool HasLastDts { get; set; }

    public long LastDts { get; set; }

    /// <summary>Reusable NAL unit list for the writer (no allocation per frame).</summary>
    public ReadOnlyMemory<byte>[] Units { get; set; } = new ReadOnlyMemory<byte>[16];

    /// <summary><paramref name="jump"/> in this track's timescale (cached: asked for every unit).</summary>
    public long JumpTicks(TimeSpan jump)
    {
        if (_jumpTimescale != Timescale)
        {
            _jumpTimescale = Timescale;
            _jumpTicks = Math.Max(1, (long)((Int128)jump.Ticks * Timescale / TimeSpan.TicksPerSecond));
        }

        return _jumpTicks;
    }

    public long ToTimescale(long rtpTime, int clockRate) =>
        clockRate == Timescale || clockRate <= 0 ? rtpTime : (long)((Int128)rtpTime * Timescale / clockRate);

    /// <summary>UTC of <paramref name="dts"/> as the source observes it (not the span timeline).</summary>
    public DateTime UtcOf(long dts) => Clock.UtcOf(dts, Timescale);

    /// <summary>
    /// UTC of <paramref name="dts"/> on the span timeline when the track is anchored in an open span, else as observed:
    /// the one mapping that segment bounds, cuts and the split of held audio all use.
    /// </summary>
    public DateTime TimelineUtcOf(long dts) =>
        Writer is { } writer && writer.IsAnchored(WriterTrack) ? writer.UtcOf(WriterTrack, dts) : UtcOf(dts);
}
