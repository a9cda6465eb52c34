using System.Buffers.Binary;
using Nvr.Codecs.Fmp4;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.RtspServer;
using Nvr.Storage.Index;
using Nvr.Storage.Keys;

namespace Nvr.Recording.Replay;

/// <summary>
/// Reads one track's samples across its segments in time order: the sample's UTC is the segment's first-sample UTC
/// (from the index) plus its decode time from that point; the last sample before a gap between segments, before the
/// first segment of a new span (the recording stopped there, however short the pause), or the last one recorded, ends
/// a section (E bit); the last sample of the last segment is also the track's terminal frame (T bit). The next segment
/// is loaded while the current one plays.
/// </summary>
internal sealed class TrackReplayCursor
{
    /// <summary>Segments closer than this are contiguous (the Annex B key precision is 1 ms).</summary>
    private static readonly TimeSpan GapTolerance = TimeSpan.FromMilliseconds(20);

    private readonly int _stream;
    private readonly ReplayTrack _track;
    private readonly SegmentFileCache _files;
    private readonly List<int> _samples = [];
    private NalRange[] _units = new NalRange[16];
    private int _segment = -1;
    private int _position;
    private SegmentFile? _file;
    private uint _trackId;
    private uint _timescale;
    private DateTime _originUtc;
    private bool _segmentEndsSection;

    public TrackReplayCursor(int stream, ReplayTrack track, SegmentFileCache files)
    {
        _stream = stream;
        _track = track;
        _files = files;
    }

    public bool IsVideo => _track.Stream.Codec.IsNalVideo();

    /// <summary>UTC of the next sample (after a successful <see cref="PeekAsync"/>).</summary>
    public DateTime NextUtc { get; private set; }

    /// <summary>
    /// Positions at <paramref name="utc"/> (the start when null): at the last clean point at or before it
    /// (<paramref name="cleanPoint"/>) or the first sample at or after it; inside a gap, at the first sample after it.
    /// Returns the UTC of the sample positioned at, null when the track has nothing from there on.
    /// </summary>
    public async Task<DateTime?> SeekAsync(DateTime? utc, bool cleanPoint, CancellationToken cancellationToken)
    {
        var segments = _track.Segments;
        var index = 0;
        if (utc is { } at)
        {
            index = -1;
            for (var i = 0; i < segments.Count && segments[i].Start.UtcDateTime <= at; i++)
            {
                index = i;
            }

            if (index < 0)
            {
                index = 0;
            }
            else if (segments[index].End.UtcDateTime <= at)
            {
                index++;
            }
        }

        if (index >= segments.Count)
        {
            _segment = segments.Count;
            return null;
        }

        await LoadAsync(index, cancellationToken).ConfigureAwait(false);
        _position = 0;
        if (utc is { } target)
        {
            for (var i = 0; i < _samples.Count; i++)
            {
                var sampleUtc = UtcOf(i);
                if (cleanPoint ? sampleUtc <= target && _file!.Samples[_samples[i]].IsSync : sampleUtc < target)
                {
                    _position = cleanPoint ? i : i + 1;
                }
                else if (sampleUtc > target)
                {
                    break;
                }
            }
        }

        return await PeekAsync(cancellationToken).ConfigureAwait(false) ? NextUtc : null;
    }

    /// <summary>Whether a sample follows; loads the next segment when the current one is exhausted.</summary>
    public async ValueTask<bool> PeekAsync(CancellationToken cancellationToken)
    {
        if (_segment < 0)
        {
            await SeekAsync(null, cleanPoint: false, cancellationToken).ConfigureAwait(false);
        }

        while (_file is not null && _position >= _samples.Count)
        {
            if (_segment + 1 >= _track.Segments.Count)
            {
                _file = null;
                return false;
            }

            await LoadAsync(_segment + 1, cancellationToken).ConfigureAwait(false);
            _position = 0;
        }

        if (_file is null)
        {
            return false;
        }

        NextUtc = UtcOf(_position);
        return true;
    }

    /// <summary>The next sample as a frame (valid until the next call); call after <see cref="PeekAsync"/> returned true.</summary>
    public ServedFrame Take()
    {
        var file = _file!;
        var sample = file.Samples[_samples[_position]];
        var payload = new ReadOnlyMemory<byte>(file.Bytes, sample.Offset, sample.Size);
        var count = IsVideo ? SplitLengthPrefixed(file.Bytes.AsSpan(sample.Offset, sample.Size)) : Single(sample.Size);
        var last = _position == _samples.Count - 1;
        var gapFollows = last && _segmentEndsSection;
        var terminal = last && _segment == _track.Segments.Count - 1;
        var frame = new ServedFrame(
            _stream, NextUtc, ScaleOffset(sample.CompositionOffset), sample.IsSync, gapFollows, payload, new ReadOnlyMemory<NalRange>(_units, 0, count), IsTerminal: terminal);
        _position++;
        return frame;
    }

    private int ScaleOffset(int offset) =>
        _timescale == _track.Stream.ClockRate ? offset : (int)((long)offset * _track.Stream.ClockRate / _timescale);

    private int Single(int size)
    {
        _units[0] = new NalRange(0, size);
        return 1;
    }

    /// <summary>NAL ranges of a 4-byte length-prefixed sample (relative to the sample); malformed tails are cut.</summary>
    private int SplitLengthPrefixed(ReadOnlySpan<byte> sample)
    {
        var count = 0;
        var p = 0;
        while (p + 4 <= sample.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(sample[p..]);
            if (length <= 0 || length > sample.Length - p - 4)
            {
                break;
            }

            if (count == _units.Length)
            {
                Array.Resize(ref _units, _units.Length * 2);
            }

            _units[count++] = new NalRange(p + 4, length);
            p += 4 + length;
        }

        return count;
    }

    private DateTime UtcOf(int position)
    {
        var sample = _file!.Samples[_samples[position]];
        return _originUtc + SegmentFile.ToTime(sample.Dts, _timescale);
    }

    /// <summary>Whether the last sample of segment <paramref name="index"/> ends a contiguous section.</summary>
    private bool EndsSection(int index)
    {
        var segments = _track.Segments;
        if (index + 1 >= segments.Count || segments[index + 1].Start - segments[index].End > GapTolerance)
        {
            return true;
        }

        // Annex B counters restart with every span: a next segment whose counter does not follow begins a new span.
        return ObjectKeyParser.TryParse(segments[index].Key, out var current) && ObjectKeyParser.TryParse(segments[index + 1].Key, out var next)
            && next.Counter <= current.Counter;
    }

    private async Task LoadAsync(int index, CancellationToken cancellationToken)
    {
        var segment = _track.Segments[index];
        var file = await _files.GetAsync(segment.StorageToken, segment.Key, cancellationToken).ConfigureAwait(false);
        if (_track.FilePosition >= file.Tracks.Count)
        {
            throw new InvalidDataException($"segment {segment.Key} has no track {_track.FilePosition + 1}");
        }

        var info = file.Tracks[_track.FilePosition];
        _trackId = info.TrackId;
        _timescale = info.Timescale;
        _originUtc = segment.Start.UtcDateTime - file.FirstSampleTime;
        _samples.Clear();
        for (var i = 0; i < file.Samples.Count; i++)
        {
            if (file.Samples[i].TrackId == _trackId)
            {
                _samples.Add(i);
            }
        }

        _file = file;
        _segment = index;
        _segmentEndsSection = EndsSection(index);
        if (index + 1 < _track.Segments.Count)
        {
            var next = _track.Segments[index + 1];
            _ = _files.GetAsync(next.StorageToken, next.Key, cancellationToken); // prefetch: one segment ahead
        }
    }
}
