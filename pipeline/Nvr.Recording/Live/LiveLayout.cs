using Nvr.Codecs.Fmp4;
using Nvr.Pipeline.Media;
using Nvr.Pipeline.RtspServer;

namespace Nvr.Recording.Live;

/// <summary>What a receiver's live video stream is, as its SDP and parameter sets tell (the Media service's profile).</summary>
/// <param name="Codec">H.264 or H.265.</param>
/// <param name="Width">Displayed width from the SPS (0 when the SPS is not known yet).</param>
/// <param name="Height">Displayed height from the SPS.</param>
/// <param name="FrameRate">Frames per second from the SPS timing info or the SDP's a=framerate, when signalled.</param>
public sealed record LiveVideoFacts(MediaCodec Codec, int Width, int Height, double? FrameRate);

/// <summary>What a receiver's live audio stream is, as its SDP tells (the Media service's audio configurations).</summary>
/// <param name="Codec">AAC, G.711 µ-law or A-law.</param>
/// <param name="SampleRate">Samples per second (the RTP clock rate of these payload formats).</param>
/// <param name="Channels">Channel count from the SDP's rtpmap.</param>
public sealed record LiveAudioFacts(MediaCodec Codec, int SampleRate, int Channels);

/// <summary>A receiver's served streams: video and audio of the camera's session, in its SDP order.</summary>
/// <param name="Streams">What DESCRIBE offers.</param>
/// <param name="ServedIndexOf">Camera stream index (<see cref="StreamDescription.Index"/>) → index in <paramref name="Streams"/>.</param>
/// <param name="Video">The first video stream's facts, null for an audio-only camera.</param>
/// <param name="Audio">The first served audio stream's facts, null for a camera that sends no audio.</param>
public sealed record LiveLayout(IReadOnlyList<ServedStream> Streams, IReadOnlyDictionary<int, int> ServedIndexOf, LiveVideoFacts? Video, LiveAudioFacts? Audio = null)
{
    public bool HasVideo { get; } = Streams.Any(s => s.Codec.IsNalVideo());

    /// <summary>The same streams (codecs, clocks) in the same order: a viewer of one can go on with the other.</summary>
    public bool CompatibleWith(LiveLayout other) =>
        Streams.Count == other.Streams.Count && Streams.Zip(other.Streams).All(p => p.First.Codec == p.Second.Codec && p.First.ClockRate == p.Second.ClockRate);

    /// <summary>The layout of a camera session's streams: H.264/H.265, AAC and G.711 are served; metadata is not.</summary>
    public static LiveLayout Of(IReadOnlyList<StreamDescription> streams)
    {
        var served = new List<ServedStream>();
        var map = new Dictionary<int, int>();
        LiveVideoFacts? video = null;
        LiveAudioFacts? audio = null;
        foreach (var stream in streams)
        {
            ServedStream? s = stream.Codec switch
            {
                MediaCodec.H264 or MediaCodec.H265 => VideoStream(stream, ref video),
                MediaCodec.Aac => new ServedStream(MediaCodec.Aac, stream.ClockRate, stream.AacConfig, stream.Channels, null),
                MediaCodec.Pcmu or MediaCodec.Pcma => new ServedStream(stream.Codec, stream.ClockRate, ReadOnlyMemory<byte>.Empty, stream.Channels, null),
                _ => null,
            };
            if (s is not null)
            {
                if (stream.Codec is MediaCodec.Aac or MediaCodec.Pcmu or MediaCodec.Pcma)
                {
                    audio ??= new LiveAudioFacts(stream.Codec, stream.ClockRate, stream.Channels);
                }

                map[stream.Index] = served.Count;
                served.Add(s);
            }
        }

        return new LiveLayout(served, map, video, audio);
    }

    private static ServedStream VideoStream(StreamDescription stream, ref LiveVideoFacts? facts)
    {
        var sets = stream.ParameterSets;
        var configuration = ReadOnlyMemory<byte>.Empty;
        int width = 0, height = 0;
        double? rate = stream.FormatParameters.TryGetValue("framerate", out var text) &&
            double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var r) ? r : null;
        if (sets.IsCompleteFor(stream.Codec))
        {
            try
            {
                var track = stream.Codec == MediaCodec.H264
                    ? TrackDescription.ForH264(sets.Sps!, [sets.Pps!])
                    : TrackDescription.ForH265(sets.Vps!, sets.Sps!, sets.Pps!);
                configuration = track.CodecConfiguration;
                (width, height) = (track.Width, track.Height);
                rate = track.FrameRate ?? rate;
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidDataException or IndexOutOfRangeException)
            {
                // an SPS the parser cannot read: served without sprop (in-band parameter sets still reach the viewer)
            }
        }

        facts ??= new LiveVideoFacts(stream.Codec, width, height, rate);
        return new ServedStream(stream.Codec, stream.ClockRate, configuration, 1, null);
    }
}
