using System.Collections.Concurrent;
using Nvr.Pipeline.Buffers;
using Nvr.Pipeline.Media;

namespace Nvr.Recording.Tests.Support;

/// <summary>Builds pooled access units like an ingest does, with chosen RTP time and UTC (timed by a sender report unless told).</summary>
public static class SyntheticUnits
{
    public static StreamDescription H264Stream(int index, byte[] sps, byte[] pps)
    {
        var stream = new StreamDescription { Index = index, Kind = MediaKind.Video, Codec = MediaCodec.H264, EncodingName = "H264", PayloadType = 96, ClockRate = 90000 };
        stream.UpdateParameterSets(new ParameterSets(null, sps, pps));
        return stream;
    }

    public static StreamDescription PcmuStream(int index) =>
        new() { Index = index, Kind = MediaKind.Audio, Codec = MediaCodec.Pcmu, EncodingName = "PCMU", PayloadType = 0, ClockRate = 8000 };

    public static AccessUnit Video(int streamIndex, ClipFrame frame, long rtpTime, DateTime utc, MediaCodec codec = MediaCodec.H264, TimeSource source = TimeSource.SenderReport)
    {
        int size = 0;
        foreach (var n in frame.NalUnits)
        {
            size += n.Length;
        }

        var buffer = PooledBuffer.Rent(size);
        Span<NalRange> ranges = stackalloc NalRange[frame.NalUnits.Count];
        for (int i = 0; i < frame.NalUnits.Count; i++)
        {
            ranges[i] = new NalRange(buffer.Length, frame.NalUnits[i].Length);
            buffer.Append(frame.NalUnits[i]);
        }

        return AccessUnit.Create(new AccessUnitInfo(streamIndex, MediaKind.Video, codec, 90000, rtpTime, frame.IsKeyframe, utc, source), buffer, ranges);
    }

    public static AccessUnit Audio(int streamIndex, ReadOnlySpan<byte> frame, long rtpTime, int clockRate, DateTime utc, MediaCodec codec = MediaCodec.Pcmu, TimeSource source = TimeSource.SenderReport)
    {
        var buffer = PooledBuffer.Rent(frame.Length);
        buffer.Append(frame);
        return AccessUnit.Create(new AccessUnitInfo(streamIndex, MediaKind.Audio, codec, clockRate, rtpTime, true, utc, source), buffer, [new NalRange(0, frame.Length)]);
    }
}
