using Nvr.Codecs.Fmp4;

namespace Nvr.Recording.Writing;

/// <summary>
/// One open span: a segment writer (MP4 with all tracks, or CMAF with one track), its sink output, and the
/// segment-roll state. The session decides segment cuts itself (the writer's own SegmentDuration is set out of
/// reach) so that overrides and reconfigurations take effect exactly at the next key frame of the primary track.
/// </summary>
internal sealed class SpanWriter : IDisposable
{
    private readonly Mp4SegmentWriter? _mp4;
    private readonly CmafSegmentWriter? _cmaf;
    private readonly IDisposable?[] _protectors;
    private readonly bool[] _anchored;
    private readonly long[] _anchorDts;
    private readonly DateTime[] _anchorUtc;

    public SpanWriter(IReadOnlyList<TrackDescription> tracks, SinkSegmentOutput output, bool cmaf, TimeSpan fragmentDuration, IDisposable?[] protectors)
    {
        Output = output;
        _protectors = protectors;
        _anchored = new bool[tracks.Count];
        _anchorDts = new long[tracks.Count];
        _anchorUtc = new DateTime[tracks.Count];
        var options = new SegmentWriterOptions
        {
            FragmentDuration = fragmentDuration,
            SegmentDuration = TimeSpan.FromDays(3650),
            WriteMfra = true,
        };
        if (cmaf)
        {
            _cmaf = new CmafSegmentWriter(tracks[0], output, options);
        }
        else
        {
            _mp4 = new Mp4SegmentWriter(tracks, output, options);
        }

        Tracks = tracks;
        Parameters = new TrackParameterMeter(tracks);
        int primary = 0;
        for (int i = 0; i < tracks.Count; i++)
        {
            if (tracks[i].Kind == TrackKind.Video)
            {
                primary = i;
                break;
            }
        }

        PrimaryIndex = primary;
    }

    public SinkSegmentOutput Output { get; }

    public IReadOnlyList<TrackDescription> Tracks { get; }

    /// <summary>The tracks' codec parameters for the index (every written sample is noted there).</summary>
    public TrackParameterMeter Parameters { get; }

    /// <summary>Writer track index whose key frames cut segments.</summary>
    public int PrimaryIndex { get; }

    /// <summary>Primary-track DTS where the current segment started (valid when <see cref="HasSegment"/>).</summary>
    public long SegmentStartDts { get; set; }

    /// <summary>Primary-track DTS where the span started.</summary>
    public long SpanStartDts { get; set; }

    public bool HasSegment { get; set; }

    /// <summary>Duration the current segment aims at (target or override), in primary timescale ticks.</summary>
    public long SegmentTargetTicks { get; set; }

    /// <summary>Close the current segment at the next key frame (override requested).</summary>
    public bool CutRequested { get; set; }

    /// <summary>Bytes of primary samples accepted in this span (for the VideoBitrate attribute).</summary>
    public long PrimaryBytes { get; set; }

    /// <summary>Primary DTS of the last sample accepted.</summary>
    public long LastPrimaryDts { get; set; }

    /// <summary>Bytes of the (first) audio track when it is not the primary one (for the AudioBitrate attribute).</summary>
    public long AudioBytes { get; set; }

    /// <summary>Track index, first and last DTS of that audio track's samples in this span (-1: none yet).</summary>
    public int AudioTrack { get; set; } = -1;

    public long FirstAudioDts { get; set; }

    public long LastAudioDts { get; set; }

    /// <summary>Primary DTS where the span timeline was last slewed (a segment cut, or the span start).</summary>
    public long LastSlewDts { get; set; }

    public long DroppedSamples => _mp4?.DroppedSamples ?? _cmaf!.DroppedSamples;

    public bool IsAnchored(int track) => _anchored[track];

    /// <summary>
    /// The span timeline of <paramref name="track"/>: its anchor plus media time. Every UTC the writer reports
    /// (segment first sample, segment end, span end) is on this mapping.
    /// </summary>
    public DateTime UtcOf(int track, long dts) =>
        _anchorUtc[track].AddTicks(Session.TrackClock.MediaTicks(dts - _anchorDts[track], (int)Tracks[track].Timescale));

    /// <summary>Ties <paramref name="track"/> to the span timeline (once per track and span).</summary>
    public void SetAnchor(int track, long dts, DateTime utc)
    {
        _anchorDts[track] = dts;
        _anchorUtc[track] = utc;
        _anchored[track] = true;
        ApplyAnchor(track);
    }

    /// <summary>Slews the span timeline: every anchored track moves by <paramref name="ticks"/> (from the next segment on).</summary>
    public void Shift(long ticks)
    {
        if (ticks == 0)
        {
            return;
        }

        for (int track = 0; track < _anchored.Length; track++)
        {
            if (_anchored[track])
            {
                _anchorUtc[track] = _anchorUtc[track].AddTicks(ticks);
                ApplyAnchor(track);
            }
        }
    }

    private void ApplyAnchor(int track)
    {
        long dts = _anchorDts[track];
        DateTime utc = _anchorUtc[track];
        if (_mp4 is not null)
        {
            _mp4.SetUtcAnchor(track, dts, utc);
        }
        else
        {
            _cmaf!.SetUtcAnchor(dts, utc);
        }
    }

    public void AddSample(int track, long dts, int compositionOffset, bool isSync, ReadOnlySpan<ReadOnlyMemory<byte>> units, IDisposable release)
    {
        if (_mp4 is not null)
        {
            _mp4.AddSample(track, dts, compositionOffset, isSync, units, release);
        }
        else
        {
            _cmaf!.AddSample(dts, compositionOffset, isSync, units, release);
        }
    }

    public void AddFrame(int track, long dts, ReadOnlyMemory<byte> frame, IDisposable release)
    {
        if (_mp4 is not null)
        {
            _mp4.AddFrame(track, dts, frame, release);
        }
        else
        {
            _cmaf!.AddFrame(dts, frame, release);
        }
    }

    public void RequestNewSegment()
    {
        if (_mp4 is not null)
        {
            _mp4.RequestNewSegment();
        }
        else
        {
            _cmaf!.RequestNewSegment();
        }
    }

    /// <summary>Flushes and closes the open segment; <paramref name="endUtc"/> bounds the last samples.</summary>
    public void Finish(DateTime? endUtc)
    {
        if (_mp4 is not null)
        {
            _mp4.Finish(endUtc);
        }
        else
        {
            _cmaf!.Finish(endUtc);
        }
    }

    public void Dispose()
    {
        _mp4?.Dispose();
        _cmaf?.Dispose();
        foreach (var p in _protectors)
        {
            p?.Dispose();
        }
    }
}
