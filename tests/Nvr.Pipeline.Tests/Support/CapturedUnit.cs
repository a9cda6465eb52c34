using Nvr.Pipeline.Media;

namespace Nvr.Pipeline.Tests.Support;

/// <summary>A copied-out access unit (the pooled original is released right after copying).</summary>
public sealed record CapturedUnit(
    int StreamIndex,
    MediaKind Kind,
    MediaCodec Codec,
    long RtpTimestamp,
    DateTime UtcTime,
    TimeSource TimeSource,
    bool IsKeyframe,
    IReadOnlyList<byte[]> Nals)
{
    public static CapturedUnit CopyOf(AccessUnit unit)
    {
        var nals = new List<byte[]>(unit.NalUnitCount);
        for (var i = 0; i < unit.NalUnitCount; i++)
        {
            nals.Add(unit.GetNalUnit(i).ToArray());
        }

        return new CapturedUnit(unit.StreamIndex, unit.Kind, unit.Codec, unit.RtpTimestamp, unit.UtcTime, unit.TimeSource, unit.IsKeyframe, nals);
    }
}
