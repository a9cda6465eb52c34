#if NVR_RECORDING_BENCH
using System.Threading.Channels;
using Nvr.Codecs.Bitstream;
using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Media;
using Nvr.Recording;
using Nvr.Storage.Sinks;

namespace Nvr.Bench.Recording;

/// <summary>
/// The 640x360 H.264 test clip (25 fps, GOP 1 s) as access units of NAL units, with a stream description carrying
/// its parameter sets. Needs ${NVR_TEST_MEDIA:-/tmp/nvr-test-media}/recording-es/video-only.h264.
/// </summary>
internal sealed class VideoOnlyClip
{
    private VideoOnlyClip(List<(byte[][] Nals, bool Key)> frames, StreamDescription stream)
    {
        Frames = frames;
        Stream = stream;
    }

    public List<(byte[][] Nals, bool Key)> Frames { get; }

    public StreamDescription Stream { get; }

    private static readonly DateTime Origin = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <summary>Frame <paramref name="frame"/> (looping the clip, 25 fps) as a pooled unit, as an ingest builds it.</summary>
    public AccessUnit Unit(long frame, Span<NalRange> ranges)
    {
        var (nals, key) = Frames[(int)(frame % Frames.Count)];
        int size = 0;
        foreach (var n in nals) size += n.Length;
        var buffer = PooledBuffer.Rent(size);
        for (int n = 0; n < nals.Length; n++)
        {
            ranges[n] = new NalRange(buffer.Length, nals[n].Length);
            buffer.Append(nals[n]);
        }

        return AccessUnit.Create(new AccessUnitInfo(0, MediaKind.Video, MediaCodec.H264, 90000, frame * 3600, key, Origin.AddTicks(frame * 400_000), TimeSource.SenderReport), buffer, ranges[..nals.Length]);
    }

    /// <summary>A session recording the clip's video into VIDEO001 (2 s segments unless <paramref name="target"/> says otherwise), driven synchronously by the caller.</summary>
    public RecordingSession NewSession(ISegmentSink sink, RecordingTarget? target = null) => new(
        target ?? new RecordingTarget { SegmentDuration = TimeSpan.FromSeconds(2) },
        [new RecordingTrack("VIDEO001", MediaKind.Video)],
        sink,
        [new RecordingSource(Channel.CreateUnbounded<AccessUnit>().Reader, [Stream], new Dictionary<int, string> { [0] = "VIDEO001" })]);

    public static VideoOnlyClip Load()
    {
        string media = Environment.GetEnvironmentVariable("NVR_TEST_MEDIA") is { Length: > 0 } m ? m : "/tmp/nvr-test-media";
        var frames = new List<(byte[][] Nals, bool Key)>();
        var pending = new List<byte[]>();
        byte[]? sps = null, pps = null;
        foreach (var nal in NalUnitReader.SplitAnnexB(File.ReadAllBytes(Path.Combine(media, "recording-es", "video-only.h264"))))
        {
            int type = H264Nal.Type(nal.Span[0]);
            if (type == 7) sps ??= nal.ToArray();
            if (type == 8) pps ??= nal.ToArray();
            pending.Add(nal.ToArray());
            if (type is 1 or 5)
            {
                frames.Add(([.. pending], type == 5));
                pending.Clear();
            }
        }

        var stream = new StreamDescription { Index = 0, Kind = MediaKind.Video, Codec = MediaCodec.H264, EncodingName = "H264", PayloadType = 96, ClockRate = 90000 };
        stream.UpdateParameterSets(new ParameterSets(null, sps, pps));
        return new VideoOnlyClip(frames, stream);
    }
}
#endif
