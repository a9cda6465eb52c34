using Nvr.Codecs.Aac;
using Nvr.Codecs.G711;
using Nvr.Codecs.Rfc6381;

namespace Nvr.Codecs.Fmp4;

/// <summary>
/// Fragmenting and segmenting policy shared by <see cref="Mp4SegmentWriter"/> and <see cref="CmafSegmentWriter"/>.
/// The primary track (video if any, else the first) drives fragment and segment cuts; secondary tracks hold back
/// their newest sample until its successor (or the explicit end) fixes its duration.
/// </summary>
internal sealed class SegmentWriterCore : IDisposable
{
    private readonly ISegmentOutput _output;
    private readonly SegmentWriterOptions _options;
    private readonly TrackState[] _tracks;
    private readonly int _primary;
    private readonly bool _cmaf;
    private readonly byte[] _fileType;
    private readonly string _contentType;
    private readonly string _extension;
    private readonly FragmentWriter _fragments = new();
    private readonly int[] _emit;
    private readonly long[] _lastDuration;
    private readonly long _fragmentTicks;
    private readonly long _segmentTicks;

    private bool _originSet;
    private DateTime _originUtc;
    private bool _segmentOpen;
    private bool _headerWritten;
    private bool _newSegmentRequested;
    private long _segmentStartDts;
    private long _fragmentStartDts;
    private long _segmentBytes;
    private int _fragmentCount;
    private long _segmentSequence;
    private DateTime _segmentFirstUtc;

    public SegmentWriterCore(IReadOnlyList<TrackDescription> tracks, ISegmentOutput output, SegmentWriterOptions? options, bool cmaf,
        string majorBrand, IReadOnlyList<string> brands, string contentType, string extension)
    {
        if (tracks.Count == 0) throw new ArgumentException("At least one track is needed.", nameof(tracks));
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _options = options ?? new SegmentWriterOptions();
        if (_options.FragmentDuration <= TimeSpan.Zero || _options.SegmentDuration <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(options), "Fragment and segment durations must be positive.");
        _tracks = new TrackState[tracks.Count];
        _primary = -1;
        for (int i = 0; i < tracks.Count; i++)
        {
            _tracks[i] = new TrackState(tracks[i], (uint)i + 1);
            if (_primary < 0 && tracks[i].Kind == TrackKind.Video) _primary = i;
        }
        if (_primary < 0) _primary = 0;
        _cmaf = cmaf;
        using (var ftyp = new Mp4.BoxWriter(64))
        {
            MovieBoxWriter.WriteFileType(ftyp, System.Text.Encoding.ASCII.GetBytes(majorBrand), brands);
            _fileType = ftyp.WrittenSpan.ToArray();
        }
        _contentType = contentType;
        _extension = extension;
        _emit = new int[tracks.Count];
        _lastDuration = new long[tracks.Count];
        uint scale = tracks[_primary].Timescale;
        _fragmentTicks = ToTimescale(_options.FragmentDuration, scale);
        _segmentTicks = ToTimescale(_options.SegmentDuration, scale);
    }

    public long DroppedSamples { get; private set; }

    public string ContentType => _contentType;

    public static string BuildContentType(string mediaType, IReadOnlyList<TrackDescription> tracks, bool includeMetadata)
    {
        var codecs = new List<string>(tracks.Count);
        foreach (TrackDescription t in tracks)
        {
            if (t.Kind != TrackKind.Metadata || includeMetadata) codecs.Add(t.CodecsParameter);
        }
        return CodecString.ContentType(mediaType, codecs);
    }

    public void SetUtcAnchor(int track, long dts, DateTime utc)
    {
        TrackState t = _tracks[track];
        t.AnchorDts = dts;
        t.AnchorUtc = utc.Kind == DateTimeKind.Utc ? utc : utc.ToUniversalTime();
        t.HasAnchor = true;
    }

    public void RequestNewSegment() => _newSegmentRequested = true;

    public void AddSample(int track, long dts, int cto, bool sync, ReadOnlySpan<ReadOnlyMemory<byte>> units, IDisposable? release)
    {
        TrackState t = _tracks[track];
        if (!t.HasAnchor) ThrowNoAnchor(track);
        if (units.IsEmpty || (t.HasLast && (dts <= t.LastDts || dts - t.LastDts > uint.MaxValue)))
        {
            Drop(release);
            return;
        }
        if (t.Description.Kind != TrackKind.Video) sync = true;
        if (track == _primary)
        {
            if (!_segmentOpen)
            {
                if (!sync)
                {
                    Drop(release);
                    return;
                }
                OpenSegment(t, dts);
            }
            else
            {
                long sinceSegment = dts - _segmentStartDts;
                bool cutSegment = sync && (_newSegmentRequested || sinceSegment >= _segmentTicks);
                bool cutFragment = cutSegment || (dts - _fragmentStartDts >= _fragmentTicks && (sync || !_cmaf));
                if (cutFragment)
                {
                    FlushFragment(dts, null);
                    _fragmentStartDts = dts;
                }
                if (cutSegment)
                {
                    CloseSegment();
                    OpenSegment(t, dts);
                }
            }
        }
        else
        {
            if (!_originSet || t.Count >= _options.MaxPendingSamplesPerTrack)
            {
                Drop(release);
                return;
            }
            if (!t.HasOrigin)
            {
                t.OriginDts = t.DtsOf(_originUtc);
                t.HasOrigin = true;
            }
            if (dts < t.OriginDts)
            {
                Drop(release);
                return;
            }
        }
        t.Enqueue(dts, cto, sync, units, release);
    }

    public void Finish(DateTime? endUtc)
    {
        if (!_segmentOpen) return;
        FlushFragment(null, endUtc);
        CloseSegment();
    }

    public void Dispose()
    {
        foreach (TrackState t in _tracks) t.Dispose();
        _fragments.Dispose();
    }

    private void OpenSegment(TrackState primary, long dts)
    {
        if (!_originSet)
        {
            _originUtc = primary.UtcOf(dts);
            _originSet = true;
            primary.OriginDts = dts;
            primary.HasOrigin = true;
        }
        _segmentOpen = true;
        _headerWritten = false;
        _newSegmentRequested = false;
        _segmentStartDts = dts;
        _fragmentStartDts = dts;
        _segmentBytes = 0;
        _fragmentCount = 0;
        foreach (TrackState t in _tracks) t.TfraCount = 0;
    }

    /// <summary>
    /// Writes one fragment. <paramref name="primaryEnd"/>: DTS of the primary sample that starts the next fragment.
    /// When finishing (<paramref name="primaryEnd"/> null), every pending sample is written and the last durations
    /// come from <paramref name="endUtc"/> or repeat the previous duration.
    /// </summary>
    private void FlushFragment(long? primaryEnd, DateTime? endUtc)
    {
        bool any = false;
        for (int i = 0; i < _tracks.Length; i++)
        {
            TrackState t = _tracks[i];
            _emit[i] = 0;
            if (t.Count == 0) continue;
            long last = t.Dts[t.Count - 1];
            if (primaryEnd is long end && i == _primary)
            {
                _emit[i] = t.Count;
                _lastDuration[i] = end - last;
            }
            else if (primaryEnd is null)
            {
                _emit[i] = t.Count;
                long fallback = t.Count > 1 ? last - t.Dts[t.Count - 2] : t.LastDuration > 0 ? t.LastDuration : DefaultDuration(t);
                long explicitEnd = endUtc is DateTime e ? t.DtsOf(e) - last : 0;
                _lastDuration[i] = explicitEnd > 0 ? explicitEnd : fallback;
            }
            else
            {
                _emit[i] = t.Count - 1; // newest sample waits for its successor
                _lastDuration[i] = t.Count > 1 ? last - t.Dts[t.Count - 2] : 0;
            }
            any |= _emit[i] > 0;
        }
        if (!any) return;

        _fragments.Box.Reset();
        if (!_headerWritten) WriteHeader();
        long bytes = _fragments.Build(_tracks, _emit, _lastDuration, _segmentBytes);
        _output.Write(_fragments.Pieces);
        _segmentBytes += bytes;
        _fragmentCount++;
        for (int i = 0; i < _tracks.Length; i++)
        {
            int n = _emit[i];
            if (n == 0) continue;
            TrackState t = _tracks[i];
            t.SegmentEndDts = t.Dts[n - 1] + _lastDuration[i];
            t.LastDuration = n > 1 ? t.Dts[n - 1] - t.Dts[n - 2] : _lastDuration[i];
            t.RemoveFirst(n);
        }
        _fragments.Pieces.Clear();
    }

    private void WriteHeader()
    {
        DateTime first = DateTime.MaxValue;
        for (int i = 0; i < _tracks.Length; i++)
        {
            TrackState t = _tracks[i];
            if (_emit[i] > 0 && t.UtcOf(t.Dts[0]) < first) first = t.UtcOf(t.Dts[0]);
        }
        _segmentFirstUtc = first;
        foreach (TrackState t in _tracks) t.Protector?.BeginSegment();
        _output.BeginSegment(new SegmentStarted(first, _contentType, _extension, _segmentSequence));
        _fragments.Box.WriteBytes(_fileType);
        MovieBoxWriter.WriteMovie(_fragments.Box, _tracks);
        _headerWritten = true;
    }

    private void CloseSegment()
    {
        _segmentOpen = false;
        if (!_headerWritten) return;
        long bytes = _segmentBytes;
        if (!_cmaf || _options.WriteMfra)
        {
            _fragments.BuildMfra(_tracks);
            _output.Write(_fragments.Pieces);
            bytes += _fragments.Box.Position;
            _fragments.Pieces.Clear();
        }
        DateTime end = DateTime.MinValue;
        foreach (TrackState t in _tracks)
        {
            if (t.TfraCount > 0 && t.UtcOf(t.SegmentEndDts) > end) end = t.UtcOf(t.SegmentEndDts);
        }
        _output.EndSegment(new SegmentEnded(_segmentFirstUtc, end, _fragmentCount, bytes, _segmentSequence));
        _segmentSequence++;
        _headerWritten = false;
    }

    /// <summary>A duration in timescale units without overflow (e.g. a "never" segment duration of years).</summary>
    private static long ToTimescale(TimeSpan duration, uint scale) =>
        (long)Int128.Max(1, Int128.Min((Int128)duration.Ticks * scale / TimeSpan.TicksPerSecond, long.MaxValue / 2));

    private static long DefaultDuration(TrackState t) => t.Description.Codec switch
    {
        MediaCodec.Aac => AacFrame.SamplesPerFrame,
        MediaCodec.Pcmu or MediaCodec.Pcma => G711Frame.SamplesIn(t.Size[t.Count - 1], t.Description.Channels),
        _ => t.Description.Timescale / 25,
    };

    private void Drop(IDisposable? release)
    {
        DroppedSamples++;
        release?.Dispose();
    }

    private static void ThrowNoAnchor(int track) =>
        throw new InvalidOperationException($"Call SetUtcAnchor for track {track} before its first sample.");
}
