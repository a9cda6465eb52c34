using Nvr.Codecs.Fmp4;
using Nvr.Storage.Index;

namespace Nvr.Recording.Writing;

/// <summary>
/// The codec parameters of a span's tracks for the recorded-range index: codec, size, sample rate and channels
/// from the writer's track setup (<see cref="TrackDescription"/>, fixed for the span: changed parameter sets open
/// a new span); the video frame rate is the average of the samples written (what a reader of the stored segment
/// sees), measured once over the span's first segment, the SPS's VUI timing only when fewer than two samples were
/// written. Fixed per span, so consecutive segments report the same values and the index adds no row for them.
/// Session loop only.
/// </summary>
internal sealed class TrackParameterMeter
{
    private readonly IReadOnlyList<TrackDescription> _tracks;
    private readonly long[] _samples;
    private readonly long[] _firstDts;
    private readonly long[] _lastDts;
    private readonly TrackParameters?[] _fixed;

    public TrackParameterMeter(IReadOnlyList<TrackDescription> tracks)
    {
        _tracks = tracks;
        _samples = new long[tracks.Count];
        _firstDts = new long[tracks.Count];
        _lastDts = new long[tracks.Count];
        _fixed = new TrackParameters?[tracks.Count];
    }

    /// <summary>A sample of <paramref name="track"/> was written at <paramref name="dts"/>.</summary>
    public void Note(int track, long dts)
    {
        if (_samples[track]++ == 0)
        {
            _firstDts[track] = dts;
        }

        _lastDts[track] = dts;
    }

    /// <summary>The parameters of every writer track (null: a metadata track or an unknown codec), in writer track order.</summary>
    public IReadOnlyList<TrackParameters?> Current()
    {
        var current = new TrackParameters?[_tracks.Count];
        for (int i = 0; i < current.Length; i++)
        {
            current[i] = _fixed[i] ?? Measure(i);
        }

        return current;
    }

    private TrackParameters? Measure(int track)
    {
        var description = _tracks[track];
        var codec = CodecName(description.Codec);
        if (codec is null)
        {
            return null;
        }

        if (description.Kind == TrackKind.Audio)
        {
            int? bitrate = description.Codec is MediaCodec.Pcmu or MediaCodec.Pcma ? description.SampleRate * 8 * description.Channels / 1000 : null;
            return _fixed[track] = new TrackParameters(codec, SampleRate: description.SampleRate, Channels: description.Channels, BitrateKbps: bitrate);
        }

        double? measured = _samples[track] >= 2 && _lastDts[track] > _firstDts[track]
            ? Math.Round((_samples[track] - 1) * (double)description.Timescale / (_lastDts[track] - _firstDts[track]), 3)
            : null;
        double? signalled = description.FrameRate is { } rate && rate > 0 ? Math.Round(rate, 3) : null;
        var parameters = new TrackParameters(codec, description.Width, description.Height, measured ?? signalled);
        if (measured is not null)
        {
            _fixed[track] = parameters;
        }

        return parameters;
    }

    private static string? CodecName(MediaCodec codec) => codec switch
    {
        MediaCodec.H264 => TrackCodecs.H264,
        MediaCodec.H265 => TrackCodecs.H265,
        MediaCodec.Aac => TrackCodecs.Aac,
        MediaCodec.Pcmu => TrackCodecs.Pcmu,
        MediaCodec.Pcma => TrackCodecs.Pcma,
        _ => null,
    };
}
